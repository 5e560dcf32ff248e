package io.kubectlgpu.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help laid out for the terminal's width (picocli asks the terminal when stdout is one; else 80
 * columns), wrapped only at spaces: picocli renders each section without a width limit, in its own
 * columns, and this re-wraps the long lines at the last space that fits, continuing in the line's text
 * column. Flags, value lists and image names are never split, and example lines ("  kubectl gpu ...",
 * with their comments) are never wrapped. Long synopses are abbreviated to [OPTIONS].
 */
public final class HelpLayout {
    /** Synopses longer than this (unwrapped) are abbreviated: the option list below shows every option anyway. */
    static final int MAX_SYNOPSIS = 150;
    private static final int UNLIMITED = 10_000;
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final List<String> SECTIONS = List.of(UsageMessageSpec.SECTION_KEY_HEADER,
            UsageMessageSpec.SECTION_KEY_SYNOPSIS, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST, UsageMessageSpec.SECTION_KEY_FOOTER);

    private HelpLayout() {
    }

    /** Installs the layout on the command and all its subcommands; picocli detects the terminal's width. */
    public static CommandLine apply(CommandLine root) {
        root.setUsageHelpAutoWidth(true);
        install(root);
        return root;
    }

    private static void install(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        Map<String, IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        for (String key : SECTIONS) {
            IHelpSectionRenderer original = sections.get(key);
            if (original != null) {
                sections.put(key, help -> {
                    int width = usage.width();
                    boolean auto = usage.autoWidth();
                    usage.autoWidth(false);
                    usage.width(UNLIMITED);
                    String text;
                    try {
                        if (key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS) && !usage.abbreviateSynopsis()
                                && visible(help.synopsis(help.synopsisHeadingLength())).strip().length() > MAX_SYNOPSIS) {
                            usage.abbreviateSynopsis(true);
                        }
                        text = original.render(help);
                    } finally {
                        usage.width(width);
                        usage.autoWidth(auto);
                    }
                    if (!key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                        return wrap(text, width, -1);
                    }
                    // the synopsis follows its heading ("Usage: ") on the same line, and continues under its first option
                    int heading = help.synopsisHeadingLength();
                    String wrapped = wrap(" ".repeat(heading) + text, width, heading + help.commandSpec().qualifiedName().length() + 1);
                    return wrapped.substring(heading);
                });
            }
        }
        cl.getSubcommands().values().stream().distinct().forEach(HelpLayout::install);
    }

    /**
     * Each line longer than {@code width} is broken at its last space that fits; continuation lines start
     * at {@code indent}, or (when negative) at the line's text column: after the leading spaces and, in a
     * two-column line ("  --flag=X   description"), at the second column.
     */
    static String wrap(String text, int width, int indent) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                out.append('\n');
            }
            if (visible(line).length() <= width || isExample(line)) {
                out.append(line);
                continue;
            }
            int column = indent >= 0 ? indent : textColumn(visible(line));
            List<String> pieces = new ArrayList<>();
            String rest = line;
            boolean first = true;
            while (visible(rest).length() > width) {
                int cut = lastSpaceWithin(rest, width, first ? 0 : column);
                if (cut < 0) {
                    break; // one word longer than the line: left whole
                }
                pieces.add(rest.substring(0, cut).stripTrailing());
                rest = " ".repeat(column) + rest.substring(cut).stripLeading();
                first = false;
            }
            pieces.add(rest);
            out.append(String.join("\n", pieces));
        }
        return out.toString();
    }

    /** Example lines of descriptions: never wrapped (they fit 80 columns; HelpLayoutTest checks that). */
    private static boolean isExample(String line) {
        return line.startsWith("  kubectl gpu ") || line.startsWith("  kubectl-gpu ");
    }

    /** The index in {@code line} after which the visible text up to {@code width} columns ends at a space; -1 if none. */
    private static int lastSpaceWithin(String line, int width, int minVisible) {
        int visibleCount = 0;
        int best = -1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\u001b') {
                int end = line.indexOf('m', i);
                if (end > 0) {
                    i = end;
                    continue;
                }
            }
            if (visibleCount > width) {
                break;
            }
            if (line.charAt(i) == ' ' && visibleCount > minVisible && visibleCount <= width) {
                best = i;
            }
            visibleCount++;
        }
        return best;
    }

    private static int textColumn(String line) {
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        int gap = line.indexOf("  ", lead);
        if (gap > 0 && lead > 0) {
            int col = gap;
            while (col < line.length() && line.charAt(col) == ' ') {
                col++;
            }
            if (col < line.length() && col < 60) {
                return col;
            }
        }
        return lead;
    }

    private static String visible(String s) {
        return ANSI.matcher(s).replaceAll("");
    }
}
