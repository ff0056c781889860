package inferlab.plot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables built from records ({@link #of}), and tables as HTML for notebook output (escaped, numbers
 * right-aligned, long tables cut).
 */
public final class Tables {
    /** Rows shown before a table is cut; the rest is summarised in a last row. */
    public static final int MAX_ROWS = 50;

    private Tables() {}

    /** The header of a record component's column in {@link #of}, when the component's name will not do. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Name {
        String value();
    }

    /**
     * A table with one row per record and one column per record component, in declaration order, headed by the
     * component's name or its {@link Name}. Column types follow the component's type: {@code int},
     * {@code short}, {@code byte} (and their boxes) give an {@link IntColumn}; {@code long} a {@link LongColumn};
     * {@code double}, {@code float} and any other {@link Number} a {@link DoubleColumn}; {@code boolean} a
     * {@link BooleanColumn}; everything else, enums included, a {@link StringColumn} of {@code toString()}
     * (an enum's name unless it overrides it). A {@code null} component is a missing value. The record class
     * is passed so that an empty list still gives the columns.
     */
    public static <R extends Record> Table of(String title, Class<R> type, List<? extends R> records) {
        RecordComponent[] components = type.getRecordComponents();
        Table table = Table.create(title);
        for (RecordComponent c : components) {
            Name name = c.getAnnotation(Name.class);
            table.addColumns(column(name != null ? name.value() : c.getName(), c.getType()));
        }
        for (R r : records) {
            for (int i = 0; i < components.length; i++) append(table.column(i), value(components[i], r));
        }
        return table;
    }

    private static Column<?> column(String name, Class<?> t) {
        if (t == int.class || t == Integer.class || t == short.class || t == Short.class
                || t == byte.class || t == Byte.class) return IntColumn.create(name);
        if (t == long.class || t == Long.class) return LongColumn.create(name);
        if (t.isPrimitive() ? t == double.class || t == float.class : Number.class.isAssignableFrom(t)) {
            return DoubleColumn.create(name);
        }
        if (t == boolean.class || t == Boolean.class) return BooleanColumn.create(name);
        return StringColumn.create(name);
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            // records declared in a notebook cell are not public: their accessors need opening
            if (!accessor.canAccess(r)) accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(c.getName() + "() of " + r.getClass().getName() + " threw", e.getCause());
        }
    }

    private static void append(Column<?> column, Object v) {
        if (v == null) column.appendMissing();
        else if (column instanceof IntColumn c) c.append(((Number) v).intValue());
        else if (column instanceof LongColumn c) c.append(((Number) v).longValue());
        else if (column instanceof DoubleColumn c) c.append(((Number) v).doubleValue());
        else if (column instanceof BooleanColumn c) c.append((Boolean) v);
        else ((StringColumn) column).append(v.toString());
    }

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
        List<String[]> cells = table.columns().stream().map(Tables::cells).toList();
        for (int r = 0; r < shown; r++) {
            sb.append("<tr>");
            for (int c = 0; c < table.columnCount(); c++) {
                sb.append(numeric(table.column(c)) ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(cells.get(c)[r])).append("</td>");
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

    /**
     * Every row of a column as shown: floating-point columns with one number of decimals for the whole column,
     * enough for 4 significant digits of its largest magnitude and 2 of its smallest, but never more than 6
     * digits for the largest nor 6 decimals, so that
     * numbers line up and none shows more digits than the column's scale warrants ({@code 914.32} beside
     * {@code 0.33}, not {@code 914.315} beside {@code 0.334157}); whole-valued columns without decimals.
     * Magnitudes below 10⁻⁴ or from 10⁹ up, and values that the decimals would round to 0, are written
     * {@code 1.235e-07}. Other columns as Tablesaw prints them; missing values and NaN as "".
     */
    public static String[] cells(Column<?> c) {
        String[] out = new String[c.size()];
        boolean floating = c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT;
        int decimals = floating ? decimals(c) : 0;
        for (int r = 0; r < out.length; r++) {
            if (c.isMissing(r)) out[r] = "";
            else if (floating) out[r] = number(((Number) c.get(r)).doubleValue(), decimals);
            else out[r] = c.getString(r);
        }
        return out;
    }

    /** The decimals {@link #cells} uses for a floating-point column. */
    static int decimals(Column<?> c) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        boolean whole = true;
        for (int r = 0; r < c.size(); r++) {
            if (c.isMissing(r)) continue;
            double a = Math.abs(((Number) c.get(r)).doubleValue());
            if (!Double.isFinite(a) || a == 0 || plain(a)) continue;
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
            whole &= a == Math.rint(a);
        }
        if (hi == 0 || whole) return 0;
        int top = (int) Math.floor(Math.log10(hi));
        int wanted = Math.max(3 - top, 1 - (int) Math.floor(Math.log10(lo)));
        return Math.max(0, Math.min(Math.min(6, 5 - top), wanted));
    }

    /** Magnitudes written in scientific notation whatever the column. */
    private static boolean plain(double a) {
        return a < 1e-4 || a >= 1e9;
    }

    private static String number(double v, int decimals) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        if (a != 0 && (plain(a) || a < 0.5 * Math.pow(10, -decimals))) return String.format(Locale.ROOT, "%.3e", v);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static boolean numeric(Column<?> c) {
        ColumnType t = c.type();
        return t == ColumnType.DOUBLE || t == ColumnType.FLOAT || t == ColumnType.INTEGER
                || t == ColumnType.LONG || t == ColumnType.SHORT;
    }
}
