package io.kubectlgpu.output;

import java.util.ArrayList;
import java.util.List;

/** A kubectl-style table: upper-case headers, columns padded with three spaces, no borders. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? "<none>" : c).toList());
        return this;
    }

    public List<String> render(boolean withHeaders) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        if (withHeaders) {
            all.add(headers);
        }
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> r : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                sb.append(cell);
                if (i < r.size() - 1) {
                    sb.append(" ".repeat(widths[i] - cell.length() + 3));
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
