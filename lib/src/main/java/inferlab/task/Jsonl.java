package inferlab.task;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Items as JSON Lines: one {@code {"id","task","prompt","answer","meta"}} object per line, UTF-8. */
public final class Jsonl {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Jsonl() {}

    public static String toJson(Item item) {
        return GSON.toJson(item);
    }

    public static Item fromJson(String line) {
        return GSON.fromJson(line, Item.class);
    }

    /** Writes the items through {@link AtomicFile}: {@code tasks generate --force} replaces a split, never a link's target. */
    public static void write(Path file, List<Item> items) {
        StringBuilder text = new StringBuilder();
        for (Item item : items) text.append(toJson(item)).append('\n');
        try {
            AtomicFile.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Item> read(Path file) {
        try {
            List<Item> items = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) items.add(fromJson(line));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
