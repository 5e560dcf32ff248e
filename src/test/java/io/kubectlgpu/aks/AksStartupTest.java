package io.kubectlgpu.aks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Nothing Azure happens before a command talks to Azure ('kubectl gpu --help' start-up time is benchmarked):
 * commands that never talk to it (help, verify/ps/run help, install's client dry run) load nothing of the Azure SDK,
 * and neither do help and validation of the aks commands. An aks dry run prints the bodies as the SDK's serializer
 * writes them, so it loads the SDK's models and JSON writer, but nothing that could connect: no credential, HTTP
 * pipeline or client, Reactor, MSAL or Netty. The commands run in a fresh class loader over the test class path,
 * which records every class it defines (version reads the Quarkus configuration, which this bare loader lacks).
 */
class AksStartupTest {

    static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        /** A fresh loader over the test class path: nothing it defines was loaded before. */
        static RecordingLoader overTheClassPath() throws java.net.MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return new RecordingLoader(urls.toArray(URL[]::new));
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            defined.add(name);
            return c;
        }
    }

    @Test
    void helpValidationAndDryRunLoadNothingOfTheAzureSdk() throws Exception {
        try (RecordingLoader loader = RecordingLoader.overTheClassPath()) {
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object cli = commandLine.getConstructor(Object.class).newInstance(loader.loadClass("io.kubectlgpu.cli.aks.AksCommand"));
            StringWriter out = new StringWriter();
            commandLine.getMethod("setOut", PrintWriter.class).invoke(cli, new PrintWriter(out));
            commandLine.getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(out));
            var execute = commandLine.getMethod("execute", String[].class);

            assertEquals(0, execute.invoke(cli, (Object) new String[] {"create", "--help"}), out.toString());
            execute.invoke(cli, (Object) new String[] {"nodepool", "add", "--cluster", "c", "-g", "rg", "--name", "gpu",
                    "--node-vm-size", "Standard_NC6"});
            execute.invoke(cli, (Object) new String[] {"create", "-g", "rg", "-n", "c", "-l", "westeurope", "--taint", "gpu"});
            assertTrue(loader.defined.contains("io.kubectlgpu.aks.GpuPoolSpec"), "the commands really ran in this loader");
            assertEquals(List.of(), azure(loader, "com.azure.", "com.microsoft.aad.", "reactor.", "io.netty."),
                    "classes of the Azure SDK loaded for help and validation");

            assertEquals(0, execute.invoke(cli, (Object) new String[] {"create", "-g", "rg", "-n", "c", "-l", "westeurope",
                    "--dry-run", "--subscription", AksArmFake.SUBSCRIPTION}), out.toString());
            assertTrue(out.toString().contains("managedClusters/c?api-version="), out.toString());
            assertTrue(loader.defined.contains("com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner"),
                    "the dry run serialised the SDK's model");
            assertEquals(List.of(), azure(loader, "com.azure.identity.", "com.azure.core.http.", "com.azure.core.implementation.http.",
                    "com.microsoft.aad.", "reactor.", "io.netty."), "a dry run loaded what connects to Azure");
        }
    }

    @Test
    void commandsThatDoNotTalkToAzureLoadNothingOfIt() throws Exception {
        try (RecordingLoader loader = RecordingLoader.overTheClassPath()) {
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object cli = commandLine.getConstructor(Object.class).newInstance(loader.loadClass("io.kubectlgpu.cli.GpuCommand")
                    .getConstructor().newInstance());
            StringWriter out = new StringWriter();
            commandLine.getMethod("setOut", PrintWriter.class).invoke(cli, new PrintWriter(out));
            commandLine.getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(out));
            var execute = commandLine.getMethod("execute", String[].class);
            for (String[] args : List.of(new String[] {"--help"}, new String[] {"verify", "--help"},
                    new String[] {"ps", "--help"}, new String[] {"run", "--help"},
                    new String[] {"install", "--dry-run=client", "-o", "yaml"})) {
                assertEquals(0, execute.invoke(cli, (Object) args), String.join(" ", args) + ": " + out);
            }
            assertTrue(out.toString().contains("kind: DaemonSet"), "install's client dry run really ran in this loader: " + out);
            assertEquals(List.of(), azure(loader, "com.azure.", "com.microsoft.aad.", "reactor.", "io.netty."),
                    "classes of the Azure SDK loaded by commands that do not talk to Azure");
        }
    }

    private static List<String> azure(RecordingLoader loader, String... prefixes) {
        return loader.defined.stream().filter(n -> java.util.Arrays.stream(prefixes).anyMatch(n::startsWith)).sorted().toList();
    }
}
