package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Which subscription an aks command works in: --subscription, AZURE_SUBSCRIPTION_ID, or the Azure CLI's default. */
public final class Subscriptions {
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

    public record Resolved(String id, String source) {
    }

    private Subscriptions() {
    }

    /** @return the subscription, or null in a dry run when none is configured */
    public static Resolved resolve(String flag, UnaryOperator<String> env, boolean dryRun) {
        if (flag != null && !flag.isBlank()) {
            return checked(flag.trim(), "--subscription");
        }
        String fromEnv = env.apply("AZURE_SUBSCRIPTION_ID");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checked(fromEnv.trim(), "AZURE_SUBSCRIPTION_ID");
        }
        Path profile = azureConfigDir(env).resolve("azureProfile.json");
        String fromCli = cliDefault(profile);
        if (fromCli != null) {
            return checked(fromCli, "the Azure CLI default (" + profile + ")");
        }
        if (dryRun) {
            return null;
        }
        throw GpuException.usage("no Azure subscription given",
                "pass --subscription ID, set AZURE_SUBSCRIPTION_ID, or pick a default with 'az login' and 'az account set -s ID'");
    }

    private static Resolved checked(String id, String source) {
        if (!GUID.matcher(id).matches()) {
            throw GpuException.usage("subscription '" + id + "' from " + source + " is not a subscription ID",
                    "give the subscription's GUID, e.g. from 'az account show --query id -o tsv'");
        }
        return new Resolved(id.toLowerCase(java.util.Locale.ROOT), source);
    }

    /** AZURE_CONFIG_DIR as the Azure CLI reads it, else ~/.azure. */
    private static Path azureConfigDir(UnaryOperator<String> env) {
        String dir = env.apply("AZURE_CONFIG_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".azure");
    }

    /** The subscription marked isDefault in the Azure CLI's profile, or null. */
    static String cliDefault(Path profile) {
        if (!Files.isRegularFile(profile)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(profile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GpuException(ExitCode.USAGE, "cannot read " + profile + ": " + e.getMessage(),
                    "pass --subscription or set AZURE_SUBSCRIPTION_ID", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the Azure CLI writes this file with a byte order mark
        }
        JsonNode root = Json.parse(text);
        if (root == null) {
            throw GpuException.usage(profile + " is not valid JSON", "run 'az account set -s ID', or pass --subscription");
        }
        JsonNode subs = root.get("subscriptions");
        if (subs != null && subs.isArray()) {
            for (JsonNode s : subs) {
                if (s.path("isDefault").asBoolean(false) && s.hasNonNull("id")) {
                    return s.get("id").asText();
                }
            }
        }
        return null;
    }
}
