package io.kubectlgpu.aks;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image only (application.properties, --features): what the Azure SDK looks up by reflection, for the classes
 * the analysis finds reachable. Neither azure-core's own native metadata nor a Quarkus extension registers them, and
 * listing them by hand would miss the next model the SDK adds.
 * <ul>
 * <li>azure-core makes every value of its string enums ({@code ExpandableStringEnum}: GpuDriver, OSSku,
 * AzureIdentityEnvVars, hundreds in the management libraries) through the subclass's {@code getDeclaredConstructor()};
 * unregistered, {@code fromString} returns null ({@code aks sizes} died with a NullPointerException in
 * DefaultAzureCredentialBuilder).</li>
 * <li>A response body is read into a {@code JsonSerializable} model through the static {@code fromJson(JsonReader)}
 * that azure-core finds in {@code getDeclaredMethods()} (and written through {@code toJson(JsonWriter)}); unregistered,
 * a 200 with a valid body became "Azure rejected GET .../skus (200)".</li>
 * </ul>
 */
public final class AzureSdkReflectionFeature implements Feature {
    static final String STRING_ENUM = "com.azure.core.util.ExpandableStringEnum";
    static final String JSON_SERIALIZABLE = "com.azure.json.JsonSerializable";
    static final String JSON_READER = "com.azure.json.JsonReader";
    static final String JSON_WRITER = "com.azure.json.JsonWriter";

    @Override
    public String getDescription() {
        return "registers what azure-core looks up reflectively: string enum constructors, fromJson and toJson of models";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Class<?> stringEnum = access.findClassByName(STRING_ENUM);
        if (stringEnum != null) {
            access.registerSubtypeReachabilityHandler((analysis, subtype) -> {
                try {
                    RuntimeReflection.register(subtype);
                    RuntimeReflection.register(subtype.getDeclaredConstructor());
                } catch (NoSuchMethodException e) {
                    // an abstract intermediate type without one: fromString is never called with it
                }
            }, stringEnum);
        }
        Class<?> serializable = access.findClassByName(JSON_SERIALIZABLE);
        Class<?> reader = access.findClassByName(JSON_READER);
        Class<?> writer = access.findClassByName(JSON_WRITER);
        if (serializable != null && reader != null && writer != null) {
            access.registerSubtypeReachabilityHandler((analysis, subtype) -> {
                for (Method m : subtype.getDeclaredMethods()) {
                    boolean fromJson = m.getName().equals("fromJson") && Modifier.isStatic(m.getModifiers())
                            && m.getParameterCount() == 1 && m.getParameterTypes()[0] == reader;
                    boolean toJson = m.getName().equals("toJson") && m.getParameterCount() == 1 && m.getParameterTypes()[0] == writer;
                    if (fromJson || toJson) {
                        RuntimeReflection.register(subtype);
                        RuntimeReflection.register(m);
                    }
                }
            }, serializable);
        }
    }
}
