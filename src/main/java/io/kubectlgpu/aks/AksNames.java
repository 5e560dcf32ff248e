package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Azure's naming rules, checked before anything is sent (the patterns of the ARM REST specifications). */
public final class AksNames {
    private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CLUSTER = Pattern.compile("^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$");
    private static final Pattern POOL = Pattern.compile("^[a-z][a-z0-9]{0,11}$");
    private static final Pattern LOCATION = Pattern.compile("^[a-z][a-z0-9]{2,40}$");
    private static final Pattern FEATURE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private static final Pattern NAMESPACE = Pattern.compile("^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+$");

    private AksNames() {
    }

    public static String resourceGroup(String rg) {
        if (rg == null || !RESOURCE_GROUP.matcher(rg).matches() || rg.endsWith(".")) {
            throw GpuException.usage("resource group name '" + rg + "' is invalid",
                    "use up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'");
        }
        return rg;
    }

    public static String cluster(String name) {
        if (name == null || !CLUSTER.matcher(name).matches()) {
            throw GpuException.usage("cluster name '" + name + "' is invalid",
                    "use 1 to 63 letters, digits, '-' and '_', starting and ending with a letter or digit");
        }
        return name;
    }

    public static String pool(String name, String flag) {
        if (name == null || !POOL.matcher(name).matches()) {
            throw GpuException.usage(flag + " '" + name + "' is not a valid node pool name",
                    "node pool names are 1 to 12 lower-case letters and digits, starting with a letter");
        }
        return name;
    }

    /** Accepts "westeurope" and "West Europe" (as the Azure CLI does) and returns the canonical "westeurope". */
    public static String location(String location) {
        String l = location == null ? "" : location.replace(" ", "").toLowerCase(Locale.ROOT);
        if (!LOCATION.matcher(l).matches()) {
            throw GpuException.usage("region '" + location + "' is not an Azure region name",
                    "regions look like westeurope or eastus2; list them with 'az account list-locations -o table'");
        }
        return l;
    }

    /** "Name" or "Namespace/Name"; the namespace defaults to Microsoft.ContainerService. */
    public static String[] feature(String spec) {
        String ns = "Microsoft.ContainerService";
        String name = spec;
        if (spec != null && spec.contains("/")) {
            ns = spec.substring(0, spec.indexOf('/'));
            name = spec.substring(spec.indexOf('/') + 1);
        }
        if (!NAMESPACE.matcher(ns).matches() || name == null || !FEATURE.matcher(name).matches()) {
            throw GpuException.usage("feature '" + spec + "' is not a feature name",
                    "give NAME (namespace Microsoft.ContainerService) or NAMESPACE/NAME, e.g. ManagedGPUExperiencePreview");
        }
        return new String[] {ns, name};
    }
}
