package io.kubectlgpu.aks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to Azure Resource Manager as a dry run prints it: what the management libraries would send (the body is
 * the typed model serialised by the Azure SDK's own serializer), without the Authorization header, which is only
 * added when sending.
 *
 * @param body JSON as the SDK serialises it, or null
 * @param note a remark (e.g. "sent only when the resource group does not exist"), or null
 */
public record PlannedRequest(String method, String url, Map<String, String> headers, String body, String note) {

    public PlannedRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public PlannedRequest withNote(String text) {
        return new PlannedRequest(method, url, headers, body, text);
    }

    /** What a dry run prints: method and URL, headers, a blank line, the JSON body. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        if (note != null) {
            note.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
        }
        sb.append(method).append(' ').append(url).append('\n');
        Map<String, String> shown = new LinkedHashMap<>();
        if (body != null) {
            shown.put("Content-Type", "application/json");
        }
        shown.putAll(headers);
        shown.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (body != null) {
            sb.append('\n').append(Json.pretty(Json.parse(body))).append('\n');
        }
        return sb.toString();
    }
}
