package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AKS custom headers, as {@code az --aks-custom-headers} sends them: every KEY=VALUE becomes the HTTP header
 * "KEY: VALUE" (AKSHTTPCustomFeatures=... is the usual one for preview features); values given twice for one key
 * are joined with commas.
 */
public final class CustomHeaders {
    public static final String AKS_CUSTOM_FEATURES = "AKSHTTPCustomFeatures";
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*$");
    private static final Set<String> RESERVED = Set.of("authorization", "host", "content-type", "content-length",
            "if-match", "if-none-match", "x-ms-client-request-id", "user-agent", "accept", "connection",
            "transfer-encoding", "cookie");

    private CustomHeaders() {
    }

    /** @param pairs KEY=VALUE items, each possibly a comma-separated list of them */
    public static Map<String, String> parse(List<String> pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String item : pairs) {
            for (String pair : item.split(",")) {
                String p = pair.strip();
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw GpuException.usage("--custom-header '" + p + "' is not KEY=VALUE",
                            "e.g. --custom-header AKSHTTPCustomFeatures=Microsoft.ContainerService/SomePreview");
                }
                String key = p.substring(0, eq).strip();
                String value = p.substring(eq + 1).strip();
                if (!TOKEN.matcher(key).matches() || RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
                    throw GpuException.usage("--custom-header '" + key + "' cannot be sent as a custom header", null);
                }
                if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw GpuException.usage("--custom-header " + key + " has control characters in its value", null);
                }
                headers.merge(key, value, (a, b) -> a + "," + b);
            }
        }
        return headers;
    }

    /** Warnings about headers that name retired platform features. */
    public static List<String> warnings(Map<String, String> headers) {
        List<String> warnings = new ArrayList<>();
        headers.forEach((k, v) -> {
            boolean dedicatedVhd = k.equalsIgnoreCase("UseGPUDedicatedVHD")
                    || (k.equalsIgnoreCase(AKS_CUSTOM_FEATURES) && v.toLowerCase(Locale.ROOT).contains("gpudedicatedvhd"));
            if (dedicatedVhd) {
                warnings.add("the GPU-dedicated node image (UseGPUDedicatedVHD, feature GPUDedicatedVHDPreview) was retired "
                        + "on 2025-01-10 and is no longer provisioned; the header is sent as asked. Use the default node "
                        + "image with --gpu-driver Install and 'kubectl gpu install', or AKS-managed GPU pools "
                        + "(--managed-gpu, feature ManagedGPUExperiencePreview)");
            }
        });
        return warnings;
    }
}
