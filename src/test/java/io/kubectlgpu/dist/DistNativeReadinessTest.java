package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.repo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.manifest.PluginManifests;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What can be checked of the native build without native-image: the bundled manifests are
 * resources of the build and registered for the native image, and the native profile uses the
 * current Quarkus properties.
 */
class DistNativeReadinessTest {

    @Test
    void everyBundledManifestIsOnTheClasspathAndRegisteredForTheNativeImage() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(repo().resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        String includes = props.getProperty("quarkus.native.resources.includes", "");
        List<PathMatcher> globs = Arrays.stream(includes.split(",")).map(String::strip).filter(g -> !g.isEmpty())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<String> problems = new ArrayList<>();
        for (String manifest : DistSupport.bundledManifests()) {
            if (globs.stream().noneMatch(g -> g.matches(Path.of(manifest)))) {
                problems.add(manifest + " is not matched by quarkus.native.resources.includes=" + includes);
            }
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(manifest)) {
                if (in == null) {
                    problems.add(manifest + " is not a resource of the build");
                } else {
                    assertArrayEquals(Files.readAllBytes(repo().resolve(manifest)), in.readAllBytes(), manifest);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyManifestTheCodeNamesExists() throws Exception {
        List<String> named = new ArrayList<>();
        for (Field f : PluginManifests.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                named.add("plugin-manifest/" + f.get(null));
            }
        }
        assertFalse(named.isEmpty());
        assertTrue(DistSupport.bundledManifests().containsAll(named), named + " not all in " + DistSupport.bundledManifests());
    }

    @Test
    void nativeProfileUsesCurrentQuarkusProperties() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(repo().resolve("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        Element nativeProfile = null;
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if ("native".equals(p.getElementsByTagName("id").item(0).getTextContent().strip())) {
                nativeProfile = p;
            }
        }
        assertNotNull(nativeProfile, "pom.xml has a native profile");
        assertEquals("true", text(nativeProfile, "quarkus.native.enabled"));
        // one build makes both: the native executable that krew installs and the JVM launcher kept for development,
        // so that `mvn -Pnative verify` tests both (the dist tests of the launcher, every other *IT on native)
        assertNull(text(nativeProfile, "quarkus.package.jar.enabled"), "the native profile keeps the fast-jar");
        assertNull(text(nativeProfile, "launcher.skip"), "the native profile keeps the JVM launcher");
        // quarkus.package.type was removed in Quarkus 3.x
        assertFalse(DistSupport.read(repo().resolve("pom.xml")).contains("quarkus.package.type"));
        assertFalse(DistSupport.read(repo().resolve("src/main/resources/application.properties")).contains("quarkus.package.type"));
    }

    /** The rule of the native build: no class is initialised at run time without a comment saying why. */
    @Test
    void everyRunTimeInitialisationSaysWhy() throws IOException {
        List<String> lines = Files.readAllLines(repo().resolve("src/main/resources/application.properties"));
        List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("--initialize-at-run-time") && (i == 0 || !lines.get(i - 1).startsWith("#"))) {
                unexplained.add(lines.get(i));
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("--initialize-at-run-time")), "the Azure SDK needs it (see the comment)");
        assertEquals(List.of(), unexplained, "a comment line above each run-time initialisation says why");
    }

    /**
     * Quarkus initialises the application's classes at build time, and native-image refuses a SecureRandom (or a
     * seeded Random) in the image heap: the native build fails 15 minutes in. Caught here in milliseconds.
     */
    @Test
    void noRandomGeneratorInAStaticField() throws Exception {
        Path classes = Path.of(PluginManifests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                for (Field field : Class.forName(name, false, getClass().getClassLoader()).getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && java.util.Random.class.isAssignableFrom(field.getType())) {
                        found.add(name + "." + field.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "draw random values at run time (ThreadLocalRandom.current()), not from a static field");
    }

    static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }
}
