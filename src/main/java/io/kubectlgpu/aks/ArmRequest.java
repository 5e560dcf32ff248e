package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request to Azure Resource Manager, as sent and as a dry run prints it.
 *
 * @param method  HTTP method
 * @param url     absolute URL including api-version
 * @param headers request headers; never the Authorization header, which only the pipeline adds
 * @param body    JSON body or null
 * @param action  the Azure RBAC action the request needs, for 403 messages
 * @param scope   the resource ID the action is checked on, for 403 messages
 * @param note    a remark for a dry run (e.g. "sent only when the resource group does not exist"), or null
 */
public record ArmRequest(String method, String url, Map<String, String> headers, JsonNode body, String action, String scope,
        String note) {

    public ArmRequest {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.toLowerCase(Locale.ROOT).equals("authorization")) {
                copy.put(k, v);
            }
        });
        headers = Collections.unmodifiableMap(copy);
    }

    public static ArmRequest get(String url, String action, String scope) {
        return new ArmRequest("GET", url, Map.of(), null, action, scope, null);
    }

    public ArmRequest withNote(String text) {
        return new ArmRequest(method, url, headers, body, action, scope, text);
    }

    /** What a dry run prints: method and URL, headers, a blank line, the JSON body. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        if (note != null) {
            sb.append("# ").append(note).append('\n');
        }
        sb.append(method).append(' ').append(url).append('\n');
        Map<String, String> shown = new LinkedHashMap<>();
        if (body != null) {
            shown.put("Content-Type", "application/json");
        }
        shown.putAll(headers);
        shown.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (body != null) {
            sb.append('\n').append(Json.pretty(body)).append('\n');
        }
        return sb.toString();
    }
}
