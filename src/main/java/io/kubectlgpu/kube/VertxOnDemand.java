package io.kubectlgpu.kube;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Native image only: Vert.x is created when a command connects to a cluster, not at every start.
 *
 * <p>quarkus-vertx (3.33) starts Vert.x at runtime init of every launch: {@code VertxProcessor} records
 * {@code configureVertx}, which calls the lazy Vert.x supplier to register event-bus consumers, and {@code forceStart},
 * which calls it again; at exit {@code VertxCoreRecorder.destroy} closes it, which starts and stops every event loop.
 * {@code version --client} and {@code --help} paid for a Vert.x instance, its /tmp cache folder and nine threads they
 * never used (benchmarked against kubectl's start-up). kubectl-gpu has no event-bus consumers or codecs, so there is
 * nothing to register; the Kubernetes client's HTTP factory asks CDI for Vert.x when a command builds its client
 * ({@link Cluster}), and that supplier creates it then, once: every packaged-artifact test that talks to a cluster
 * runs through it, and bench/run's start-up part measures what it saves. Re-check on every Quarkus upgrade: the
 * signatures are Quarkus internals (the native build fails when they change; it never silently stops substituting).
 */
@TargetClass(className = "io.quarkus.vertx.runtime.VertxEventBusConsumerRecorder")
final class VertxOnDemand {
    @Substitute
    public void configureVertx(Supplier<Vertx> vertx, List<?> consumers, LaunchMode launchMode, ShutdownContext shutdown,
            Map<Class<?>, Class<?>> codecByClass, List<Class<?>> selectorTypes) {
        if (!consumers.isEmpty() || !codecByClass.isEmpty()) {
            throw new IllegalStateException("event-bus consumers or codecs were added: VertxOnDemand must go");
        }
    }

    @Substitute
    public RuntimeValue<Vertx> forceStart(Supplier<Vertx> vertx) {
        return new RuntimeValue<>();
    }
}
