package inferlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Tablesaw table drawn as a PNG image, for reports where an HTML table cannot go. */
public final class TableImage {
    private static final int PAD = 8, ROW = 24;
    private static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 13), HEAD = BODY.deriveFont(Font.BOLD),
            TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private TableImage() {}

    /** The table as PNG: its name as title, a bold header, numbers right-aligned and formatted as {@link Tables#cells}. */
    public static byte[] png(Table table) {
        int cols = table.columnCount(), rows = table.rowCount();
        String[][] cells = new String[rows + 1][cols];
        for (int c = 0; c < cols; c++) {
            Column<?> col = table.column(c);
            cells[0][c] = col.name();
            String[] shown = Tables.cells(col);
            for (int r = 0; r < rows; r++) cells[r + 1][c] = shown[r];
        }
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics body = probe.getFontMetrics(BODY), head = probe.getFontMetrics(HEAD);
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = head.stringWidth(cells[0][c]);
            for (int r = 1; r <= rows; r++) width[c] = Math.max(width[c], body.stringWidth(cells[r][c]));
        }
        probe.dispose();
        int total = PAD;
        for (int w : width) total += w + 2 * PAD;
        int titleHeight = table.name() == null || table.name().isBlank() ? 0 : ROW + PAD;
        BufferedImage img = new BufferedImage(total + PAD, titleHeight + (rows + 1) * ROW + 2 * PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        if (titleHeight > 0) {
            g.setFont(TITLE);
            g.drawString(table.name(), PAD, PAD + ROW - 6);
        }
        int y0 = PAD + titleHeight;
        for (int r = 0; r <= rows; r++) {
            if (r > 0 && r % 2 == 0) {
                g.setColor(new Color(0xF2, 0xF4, 0xF7));
                g.fillRect(PAD, y0 + r * ROW, total - PAD, ROW);
                g.setColor(Color.BLACK);
            }
            g.setFont(r == 0 ? HEAD : BODY);
            FontMetrics fm = g.getFontMetrics();
            int x = PAD;
            for (int c = 0; c < cols; c++) {
                boolean right = r > 0 && Tables.numeric(table.column(c));
                int tx = right ? x + PAD + width[c] - fm.stringWidth(cells[r][c]) : x + PAD;
                g.drawString(cells[r][c], tx, y0 + r * ROW + ROW - 7);
                x += width[c] + 2 * PAD;
            }
        }
        g.drawLine(PAD, y0 + ROW, total, y0 + ROW);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
