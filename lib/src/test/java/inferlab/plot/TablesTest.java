package inferlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {
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
        assertTrue(html.contains("<td style=\"text-align:right\">0.333333</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">1.0000e-07</td>"), html);
    }

    @Test
    void cutsLongTables() {
        String html = Tables.html(tokens(), 2);
        assertTrue(html.contains("… 3 more rows"), html);
        assertFalse(html.contains("it&#39;s"), html);
    }

    @Test
    void formatsNumbersToSixSignificantDigits() {
        assertEquals("0.573298", Tables.number(0.5732975602149963));
        assertEquals("2", Tables.number(2.0));
        assertEquals("-1234.57", Tables.number(-1234.5678));
        assertEquals("0", Tables.number(0.0));
        assertEquals("3.2000e+10", Tables.number(3.2e10));
        assertEquals("", Tables.number(Double.NaN));
    }
}
