package io.kubectlgpu.aks;

/** Small text helpers for messages. */
final class Text {
    private Text() {
    }

    /** The first line of a message, or a placeholder. */
    static String firstLine(String s) {
        return s == null || s.isBlank() ? "no message" : s.strip().lines().findFirst().orElse(s);
    }
}
