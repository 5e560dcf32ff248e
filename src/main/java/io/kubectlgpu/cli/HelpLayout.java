package io.kubectlgpu.cli;

import java.io.Console;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help laid out for the terminal's width ({@code COLUMNS} when set; else picocli asks the terminal when
 * stdin and stdout are one; else 80 columns), wrapped only at spaces: picocli renders each section without
 * a width limit, in its own columns, and this re-wraps the long lines at the last space that fits,
 * continuing in the line's text column (in an option or command list, the list's description column).
 * Flags, value lists and image names are never split, and example lines ("  kubectl gpu ...", with their
 * comments) are never wrapped. Long synopses are abbreviated to [OPTIONS].
 */
public final class HelpLayout {
    /** Synopses longer than this (unwrapped) are abbreviated: the option list below shows every option anyway. */
    static final int MAX_SYNOPSIS = 150;
    private static final int UNLIMITED = 10_000;
    /** picocli's own minimum usage width. */
    static final int MIN_WIDTH = 55;
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final List<String> SECTIONS = List.of(UsageMessageSpec.SECTION_KEY_HEADER,
            UsageMessageSpec.SECTION_KEY_SYNOPSIS, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST, UsageMessageSpec.SECTION_KEY_FOOTER);
    /** Sections that picocli lays out as a table: one description column for all their rows. */
    private static final List<String> COLUMN_SECTIONS = List.of(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_COMMAND_LIST);

    private HelpLayout() {
    }

    /**
     * Installs the layout on the command and all its subcommands, at the width of {@link #columnsWidth}, else
     * the terminal's.
     */
    public static CommandLine apply(CommandLine root) {
        int columns = columnsWidth(System.getenv("COLUMNS"));
        if (columns > 0) {
            root.setUsageHelpWidth(columns);
        } else {
            // picocli runs `stty -a -F /dev/tty` to learn the width: only worth a process when a person reads it
            Console console = System.console();
            root.setUsageHelpAutoWidth(console != null && console.isTerminal());
        }
        install(root);
        return root;
    }

    /** {@code COLUMNS} when it is a usable width (shells set it; a user may export it); else -1. */
    static int columnsWidth(String columns) {
        if (columns != null && columns.matches("[0-9]{2,4}")) {
            int width = Integer.parseInt(columns);
            if (width >= MIN_WIDTH) {
                return width;
            }
        }
        return -1;
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
                    if (COLUMN_SECTIONS.contains(key)) {
                        return wrap(text, width, -1, descriptionColumn(text));
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
        return wrap(text, width, indent, -1);
    }

    /**
     * As {@link #wrap(String, int, int)}, for a table section whose descriptions start at {@code tableColumn}:
     * a row whose names fill their column exactly (one space before the description, so no two-space gap
     * to find) still continues there.
     */
    static String wrap(String text, int width, int indent, int tableColumn) {
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
            if (indent < 0 && tableColumn > 0 && startsDescriptionAt(visible(line), tableColumn)) {
                column = tableColumn;
            }
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

    /**
     * The column at which most rows of a table section start their description (picocli gives every row
     * the same one); -1 when no row shows it.
     */
    static int descriptionColumn(String section) {
        Map<Integer, Integer> rows = new HashMap<>();
        for (String line : section.split("\n")) {
            int column = secondColumn(visible(line));
            if (column > 0) {
                rows.merge(column, 1, Integer::sum);
            }
        }
        return rows.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(-1);
    }

    /** A row with text before {@code column}, a space just before it and its description starting at it. */
    private static boolean startsDescriptionAt(String line, int column) {
        return line.length() > column && line.charAt(column - 1) == ' ' && line.charAt(column) != ' '
                && leadingSpaces(line) < column - 1;
    }

    private static int leadingSpaces(String line) {
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        return lead;
    }

    private static int textColumn(String line) {
        int column = secondColumn(line);
        return column >= 0 ? column : leadingSpaces(line);
    }

    /** In an indented two-column line ("  --flag=X   description"), where the second column starts; else -1. */
    private static int secondColumn(String line) {
        int lead = leadingSpaces(line);
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
        return -1;
    }

    private static String visible(String s) {
        return ANSI.matcher(s).replaceAll("");
    }
}
