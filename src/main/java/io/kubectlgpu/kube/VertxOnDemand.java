package io.kubectlgpu.kube;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeProxyCreation;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image only (application.properties, --features=...VertxOnDemand$Registrations): Vert.x is created when a
 * command connects to a cluster, not at every start.
 *
 * <p>quarkus-vertx (3.33) starts Vert.x at runtime init of every launch: {@code VertxProcessor} records
 * {@code VertxEventBusConsumerRecorder.configureVertx}, which calls the lazy Vert.x supplier to register event-bus
 * consumers, and {@code forceStart}, which calls it again for the build steps that take the instance (tls-registry's
 * {@code CertificateRecorder} keeps it for TLS buckets that kubectl-gpu never configures). At exit
 * {@code VertxCoreRecorder.destroy} closes it, which starts and stops every event loop: {@code version --client} ran
 * nine Vert.x and Netty threads it never used (bench/run measures start-up against kubectl). kubectl-gpu has no
 * event-bus consumers or codecs, so {@code configureVertx} registers nothing, and {@code forceStart} hands out a proxy
 * that creates Vert.x through the same supplier on its first call. The Kubernetes client's HTTP factory asks CDI for
 * Vert.x when a command builds its client ({@link Cluster}); that supplier creates it then, once, and every
 * packaged-artifact test that talks to a cluster runs through it. Re-check on every Quarkus upgrade: the signatures
 * are Quarkus internals (the native build fails when they change; it never silently stops substituting).
 */
public final class VertxOnDemand {
    private VertxOnDemand() {
    }

    /** The build-time part: the proxy's class and the Vertx methods it calls reflectively. Never reachable at run time. */
    public static final class Registrations implements Feature {
        @Override
        public String getDescription() {
            return "creates Vert.x when a command first uses it, not at every start";
        }

        @Override
        public void beforeAnalysis(BeforeAnalysisAccess access) {
            RuntimeProxyCreation.register(Vertx.class);
            RuntimeReflection.register(Vertx.class.getMethods());
        }
    }

    /** A Vertx that creates the real one through {@code supplier} when a method is first called on it. */
    static Vertx onFirstUse(Supplier<Vertx> supplier) {
        return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(supplier.get(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @TargetClass(className = "io.quarkus.vertx.runtime.VertxEventBusConsumerRecorder")
    static final class Target_VertxEventBusConsumerRecorder {
        @Substitute
        public void configureVertx(Supplier<Vertx> vertx, List<?> consumers, LaunchMode launchMode, ShutdownContext shutdown,
                Map<Class<?>, Class<?>> codecByClass, List<Class<?>> selectorTypes) {
            if (!consumers.isEmpty() || !codecByClass.isEmpty()) {
                throw new IllegalStateException("event-bus consumers or codecs were added: VertxOnDemand must go");
            }
        }

        @Substitute
        public RuntimeValue<Vertx> forceStart(Supplier<Vertx> vertx) {
            return new RuntimeValue<>(onFirstUse(vertx));
        }
    }
}
