package io.kubectlgpu.output;

/** ANSI colours, or none: off when NO_COLOR is set, with --color=never, or when stderr is no terminal. */
public final class Colors {
    public static final Colors NONE = new Colors(false);
    public static final Colors ANSI = new Colors(true);

    private final boolean enabled;

    private Colors(boolean enabled) {
        this.enabled = enabled;
    }

    /** @param mode auto, always or never (--color). */
    public static Colors forMode(String mode) {
        return switch (mode) {
            case "always" -> ANSI;
            case "never" -> NONE;
            default -> {
                String noColor = System.getenv("NO_COLOR");
                boolean terminal = System.console() != null && System.console().isTerminal();
                yield (noColor == null || noColor.isEmpty()) && terminal ? ANSI : NONE;
            }
        };
    }

    public boolean enabled() {
        return enabled;
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
