package inferlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Tablesaw tables as HTML for notebook output (escaped, numbers right-aligned, long tables cut). */
public final class Tables {
    /** Rows shown before a table is cut; the rest is summarised in a last row. */
    public static final int MAX_ROWS = 50;

    private Tables() {}

    /** HTML for the whole table, or its first {@link #MAX_ROWS} rows. */
    public static String html(Table table) {
        return html(table, MAX_ROWS);
    }

    /** HTML for the first {@code maxRows} rows; the table's name, if any, is the caption. */
    public static String html(Table table, int maxRows) {
        StringBuilder sb = new StringBuilder("<table class=\"inferlab-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        sb.append("<thead><tr>");
        for (Column<?> c : table.columns()) sb.append("<th>").append(escape(c.name())).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        int shown = Math.min(table.rowCount(), maxRows);
        for (int r = 0; r < shown; r++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) {
                if (numeric(c)) {
                    sb.append("<td style=\"text-align:right\">").append(cell(c, r)).append("</td>");
                } else {
                    sb.append("<td>").append(escape(c.getString(r))).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
        if (shown < table.rowCount()) {
            sb.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                    .append(table.rowCount() - shown).append(" more rows</td></tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    /** Escapes the five characters that HTML text and attribute values must not contain raw. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** A number as shown in a table: floating point values rounded to six significant digits. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e9)) return String.format(Locale.ROOT, "%.4e", v);
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) return "";
        if (c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT) {
            return number(((Number) c.get(row)).doubleValue());
        }
        return escape(c.getString(row));
    }

    private static boolean numeric(Column<?> c) {
        ColumnType t = c.type();
        return t == ColumnType.DOUBLE || t == ColumnType.FLOAT || t == ColumnType.INTEGER
                || t == ColumnType.LONG || t == ColumnType.SHORT;
    }
}
