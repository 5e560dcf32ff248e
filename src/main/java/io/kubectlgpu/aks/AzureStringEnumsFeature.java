package io.kubectlgpu.aks;

import java.lang.reflect.Constructor;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image only (application.properties, --features). azure-core makes every value of its string enums
 * ({@code ExpandableStringEnum}: GpuDriver, OSSku, AzureIdentityEnvVars, the SKU restriction types, ... hundreds in the
 * management libraries) through {@code getDeclaredConstructor()} of the subclass; in a native executable that finds
 * nothing unless the constructor is registered, and {@code fromString} returns null: {@code aks sizes} died with a
 * NullPointerException in DefaultAzureCredentialBuilder, and parsed models would silently lose their enum values.
 * Neither azure-core's own native metadata nor a Quarkus extension registers them, so the analysis does: each subclass
 * it finds reachable gets its no-argument constructor registered, and nothing else.
 */
public final class AzureStringEnumsFeature implements Feature {
    static final String BASE = "com.azure.core.util.ExpandableStringEnum";

    @Override
    public String getDescription() {
        return "registers the constructors azure-core's ExpandableStringEnum.fromString looks up reflectively";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Class<?> base = access.findClassByName(BASE);
        if (base == null) {
            return;
        }
        access.registerSubtypeReachabilityHandler((analysis, subtype) -> {
            try {
                Constructor<?> constructor = subtype.getDeclaredConstructor();
                RuntimeReflection.register(subtype);
                RuntimeReflection.register(constructor);
            } catch (NoSuchMethodException e) {
                // an abstract intermediate type without one: fromString is never called with it
            }
        }, base);
    }
}
