package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load handshake: JNI_OnLoad binds the natives with RegisterNatives, and Native's static
 * initializer refuses a library of another version or with another set of natives, at load,
 * with a message naming both sides. The stale cases are real: Native.java compiled with one
 * change, put first on the class path of a JVM of their own that loads the real library.
 */
class NativeLoadTest {
    @TempDir Path temp;

    @Test
    void theExpectedVersionIsCargos() throws Exception {
        String cargo = new String(Files.readAllBytes(Fixtures.repo().resolve("Cargo.toml")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^\\[package\\][^\\[]*?^version\\s*=\\s*\"([^\"]+)\"").matcher(cargo);
        assertTrue(m.find(), "no [package] version in Cargo.toml");
        assertEquals(m.group(1), Native.LIBRARY_VERSION);
        assertEquals(m.group(1), Presigner.libraryVersion());
    }

    @Test
    void theRealClassesLoad() throws Exception {
        assertEquals("loaded " + Native.LIBRARY_VERSION, probe(null));
    }

    @Test
    void aLibraryOfAnotherVersionFailsAtLoadNamingBoth() throws Exception {
        String out = probe(stale("LIBRARY_VERSION = \"" + Native.LIBRARY_VERSION + "\"",
                "LIBRARY_VERSION = \"0.0.0-stale\""));
        assertTrue(out.startsWith("java.lang.UnsatisfiedLinkError: liboss_presign_jni is version "
                + Native.LIBRARY_VERSION + " but org.osspresign needs 0.0.0-stale: a stale native library"), out);
    }

    /** A library built with a native the classes no longer have: RegisterNatives refuses it. */
    @Test
    void aNativeTheClassesLackFailsAtLoad() throws Exception {
        String out = probe(stale("    static native byte[] requestStringToSign(long request);\n", ""));
        assertTrue(out.startsWith("java.lang.UnsatisfiedLinkError: liboss_presign_jni " + Native.LIBRARY_VERSION
                + " has a native method that org.osspresign.Native lacks or declares differently"), out);
    }

    /** Classes with a native the library does not bind: counted at load, not met at a call. */
    @Test
    void aNativeTheLibraryLacksFailsAtLoad() throws Exception {
        int declared = 0;
        for (java.lang.reflect.Method m : Native.class.getDeclaredMethods()) {
            declared += java.lang.reflect.Modifier.isNative(m.getModifiers()) ? 1 : 0;
        }
        String out = probe(stale("    static native byte[] version();\n",
                "    static native byte[] version();\n\n    static native void notInTheLibrary();\n"));
        assertTrue(out.startsWith("java.lang.UnsatisfiedLinkError: liboss_presign_jni " + Native.LIBRARY_VERSION
                + " binds " + declared + " native methods of the " + (declared + 1)
                + " that org.osspresign.Native declares"), out);
    }

    /** Native.java with {@code from} replaced by {@code to}, compiled into a directory of its own. */
    private Path stale(String from, String to) throws Exception {
        Path source = Fixtures.repo().resolve("bindings/android/src/main/java/org/osspresign/Native.java");
        String text = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "Native.java no longer holds: " + from);
        Path dir = Files.createDirectories(temp.resolve("src" + from.hashCode()));
        Path changed = dir.resolve("Native.java");
        Files.write(changed, text.replace(from, to).getBytes(StandardCharsets.UTF_8));
        Path classes = Files.createDirectories(temp.resolve("classes" + from.hashCode()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (a JDK is needed)");
        int rc = javac.run(null, null, null, "-nowarn", "-proc:none", "-cp", Fixtures.classPath(),
                "-d", classes.toString(), changed.toString());
        assertEquals(0, rc, "javac of the changed Native.java");
        return classes;
    }

    /** What LoadProbe prints in a new JVM, with {@code first} (if any) first on the class path. */
    private static String probe(Path first) throws Exception {
        Fixtures.ChildJvm child = Fixtures.runJava(
                first == null ? null : first.toString(), Collections.emptyMap(), LoadProbe.class);
        String out = child.output.trim();
        assertEquals(out.startsWith("loaded ") ? 0 : 3, child.status, out);
        assertFalse(Arrays.stream(out.split("\n")).anyMatch(l -> l.contains("WARNING")), out);
        return out;
    }
}
