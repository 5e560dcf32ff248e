package io.kubectlgpu.kube;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * What the fabric8 client reads and writes by reflection, for the native executable, without Quarkus's
 * kubernetes-client extension (pom.xml says why it is not used).
 *
 * <p>Jackson builds, reads and writes the model classes (Node, Pod, their specs and statuses...) through their
 * constructors, setters and getters, all found reflectively. {@link Registrations} registers the model classes the
 * analysis finds reachable from kubectl-gpu's code and the client's, and every model class their fields hold, since
 * Jackson reaches those only through generic signatures ({@code List<Container>}) that the analysis does not follow.
 * The extension registered every model class instead, reachable or not: 112 MB of executable.
 *
 * <p>The client also finds a few classes by name: its implementation (the builder loads
 * {@code KubernetesClientImpl} reflectively), and it reads a few answers that are no model class into its own classes:
 * the server's version, what an exec credential plugin or an OIDC provider answers.
 */
public final class KubernetesModelReflection {
    private KubernetesModelReflection() {
    }

    /**
     * The client's serialization with the kinds kubectl-gpu reads where the declared type is abstract (a watch event's
     * object, an error Status) registered explicitly: fabric8 finds kinds through ServiceLoader, which a Quarkus native
     * build leaves out (-H:-UseServiceLoaderFeature), so none would be found and a watch's ERROR event would not be read
     * as a Status.
     */
    public static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
        for (Class<? extends KubernetesResource> kind : List.of(Status.class, Node.class, Pod.class, Namespace.class,
                DaemonSet.class, Job.class, ConfigMap.class)) {
            serialization.registerKubernetesResource(kind);
        }
        return serialization;
    }

    /** Native image only (application.properties, --features=...KubernetesModelReflection$Registrations). */
    public static final class Registrations implements Feature {
        static final List<String> BY_NAME = List.of(
                "io.fabric8.kubernetes.client.impl.KubernetesClientImpl",
                "io.fabric8.kubernetes.client.VersionInfo", // the API server's /version, for 'kubectl gpu version'
                "io.fabric8.kubernetes.client.Config$ExecCredential",
                "io.fabric8.kubernetes.client.Config$ExecCredentialSpec",
                "io.fabric8.kubernetes.client.Config$ExecCredentialStatus",
                "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OpenIdConfiguration",
                "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OAuthToken");

        private final Set<Class<?>> registered = new HashSet<>();

        @Override
        public String getDescription() {
            return "registers the Kubernetes model classes the code reaches, for Jackson";
        }

        @Override
        public void beforeAnalysis(BeforeAnalysisAccess access) {
            for (String name : BY_NAME) {
                Class<?> type = access.findClassByName(name);
                if (type == null) {
                    throw new IllegalStateException(name + " is gone from the fabric8 client: check what replaced it");
                }
                registerWhole(type);
            }
            access.registerSubtypeReachabilityHandler((analysis, type) -> registerModel(type), KubernetesResource.class);
        }

        private synchronized void registerModel(Class<?> type) {
            if (!registered.add(type) || type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
                return;
            }
            registerWhole(type);
            registerUsing(type);
            for (Field field : type.getDeclaredFields()) {
                registerUsing(field);
                for (Class<?> held : classesIn(field.getGenericType(), new HashSet<>())) {
                    if (isModel(held)) {
                        registerModel(held);
                    }
                }
            }
            for (var method : type.getDeclaredMethods()) {
                registerUsing(method);
            }
        }

        private static boolean isModel(Class<?> type) {
            return KubernetesResource.class.isAssignableFrom(type) || type.getName().startsWith("io.fabric8.kubernetes.api.model.");
        }

        private static void registerWhole(Class<?> type) {
            RuntimeReflection.register(type);
            RuntimeReflection.register(type.getDeclaredConstructors());
            RuntimeReflection.register(type.getDeclaredMethods());
            RuntimeReflection.register(type.getDeclaredFields());
        }

        /** Jackson instantiates a {@code @JsonDeserialize(using = ...)} or {@code @JsonSerialize(using = ...)} class reflectively. */
        private void registerUsing(AnnotatedElement element) {
            JsonDeserialize deserialize = element.getAnnotation(JsonDeserialize.class);
            if (deserialize != null && deserialize.using() != JsonDeserializer.None.class) {
                registerHelper(deserialize.using());
            }
            JsonSerialize serialize = element.getAnnotation(JsonSerialize.class);
            if (serialize != null && serialize.using() != JsonSerializer.None.class) {
                registerHelper(serialize.using());
            }
        }

        private void registerHelper(Class<?> helper) {
            if (registered.add(helper)) {
                RuntimeReflection.register(helper);
                RuntimeReflection.register(helper.getDeclaredConstructors());
            }
        }

        private static Set<Class<?>> classesIn(Type type, Set<Class<?>> into) {
            if (type instanceof Class<?> c) {
                into.add(c.isArray() ? c.getComponentType() : c);
            } else if (type instanceof ParameterizedType p) {
                classesIn(p.getRawType(), into);
                for (Type argument : p.getActualTypeArguments()) {
                    classesIn(argument, into);
                }
            } else if (type instanceof GenericArrayType a) {
                classesIn(a.getGenericComponentType(), into);
            } else if (type instanceof WildcardType w) {
                for (Type bound : w.getUpperBounds()) {
                    classesIn(bound, into);
                }
            }
            return into;
        }
    }
}
