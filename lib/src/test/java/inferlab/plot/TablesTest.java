package inferlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {
    private enum Mode { STATIC, CONTINUOUS }

    /** Private on purpose: records declared in a notebook cell are not public either. */
    private record Run(String system, int batch, long tokens, double seconds, float ratio, Integer served,
            boolean done, Mode mode, @Tables.Name("p50 latency s") Double p50) {}

    @Test
    void ofMakesOneTypedColumnPerComponentAndOneRowPerRecord() {
        Table t = Tables.of("runs", Run.class, List.of(
                new Run("a", 4, 1L << 40, 0.25, 1.5f, 7, true, Mode.STATIC, 0.125),
                new Run("b", 8, 3, 2.5, 0.5f, null, false, Mode.CONTINUOUS, null)));
        assertEquals("runs", t.name());
        assertEquals(List.of("system", "batch", "tokens", "seconds", "ratio", "served", "done", "mode", "p50 latency s"),
                t.columnNames());
        assertEquals(List.of(ColumnType.STRING, ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DOUBLE,
                ColumnType.INTEGER, ColumnType.BOOLEAN, ColumnType.STRING, ColumnType.DOUBLE),
                t.columns().stream().map(c -> c.type()).toList());
        assertEquals(2, t.rowCount());
        assertEquals("b", t.stringColumn("system").get(1));
        assertEquals(8, t.intColumn("batch").get(1));
        assertEquals(1L << 40, t.longColumn("tokens").get(0));
        assertEquals(2.5, t.doubleColumn("seconds").get(1));
        assertEquals(1.5, t.doubleColumn("ratio").get(0));
        assertEquals(7, t.intColumn("served").get(0));
        assertTrue(t.intColumn("served").isMissing(1), "a null component is a missing value");
        assertTrue(t.booleanColumn("done").get(0));
        assertFalse(t.booleanColumn("done").get(1));
        assertEquals("CONTINUOUS", t.stringColumn("mode").get(1));
        assertTrue(t.doubleColumn("p50 latency s").isMissing(1));
    }

    @Test
    void ofAnEmptyListStillHasTheColumns() {
        Table t = Tables.of("none", Run.class, List.of());
        assertEquals(0, t.rowCount());
        assertEquals(9, t.columnCount());
    }

    private static Table tokens() {
        return Table.create("A<B",
                StringColumn.create("token", "<eos>", "Tom & Jerry", "it's", "\"q\"", "x"),
                IntColumn.create("id", 0, 1, 2, 3, 4),
                DoubleColumn.create("p", 0.5, 0.25, 0.125, 1e-7, 1.0 / 3));
    }

    @Test
    void escapesTextAndCaption() {
        String html = Tables.html(tokens());
        assertTrue(html.contains("<caption>A&lt;B</caption>"), html);
        assertTrue(html.contains("<td>&lt;eos&gt;</td>"), html);
        assertTrue(html.contains("<td>Tom &amp; Jerry</td>"), html);
        assertTrue(html.contains("<td>it&#39;s</td>"), html);
        assertTrue(html.contains("<td>&quot;q&quot;</td>"), html);
        assertFalse(html.contains("<eos>"), html);
    }

    @Test
    void hasHeaderAndOneRowPerTableRow() {
        String html = Tables.html(tokens());
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<thead><tr><th>token</th><th>id</th><th>p</th></tr></thead>"), html);
        assertEquals(5 + 1, html.split("<tr>", -1).length - 1, "header row plus five rows");
        assertTrue(html.contains("<td style=\"text-align:right\">0.3333</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">1.000e-07</td>"), html);
    }

    @Test
    void cutsLongTables() {
        String html = Tables.html(tokens(), 2);
        assertTrue(html.contains("… 3 more rows"), html);
        assertFalse(html.contains("it&#39;s"), html);
    }

    /** One number of decimals per column, from the column's scale. */
    @Test
    void formatsEachColumnToItsPrecision() {
        assertArrayEquals(new String[] {"914.32", "0.33"}, Tables.cells(DoubleColumn.create("mixed", 914.315, 0.334157)));
        assertArrayEquals(new String[] {"914", "850", "1002"}, Tables.cells(DoubleColumn.create("tok/s", 914.315, 850.2, 1002.04)));
        assertArrayEquals(new String[] {"0.3342", "0.0051", "-0.1200"}, Tables.cells(DoubleColumn.create("p", 0.334157, 0.0051, -0.12)));
        assertArrayEquals(new String[] {"2", "40", "-7"}, Tables.cells(DoubleColumn.create("whole", 2.0, 40.0, -7.0)));
        assertArrayEquals(new String[] {"0.5000", "1.000e-07", "3.200e+10", "", "∞"},
                Tables.cells(DoubleColumn.create("extremes", 0.5, 1e-7, 3.2e10, Double.NaN, Double.POSITIVE_INFINITY)));
        assertArrayEquals(new String[] {"123457", "0"}, Tables.cells(DoubleColumn.create("zero", 123457.0, 0.0)));
        assertArrayEquals(new String[] {"3", "12"}, Tables.cells(IntColumn.create("n", 3, 12)));
        assertArrayEquals(new String[] {"12345.6", "2.000e-03"}, Tables.cells(DoubleColumn.create("wide", 12345.6, 0.002)),
                "two digits of 0.002 would give 12345.6000: six digits at most, and 0.002 in scientific notation");
    }
}
