package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An answer of Azure Resource Manager: status, the headers kubectl-gpu reads (lower-case names), JSON body. */
public record ArmResponse(int status, Map<String, String> headers, JsonNode body) {
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
