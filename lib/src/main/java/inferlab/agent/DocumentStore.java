package inferlab.agent;

import inferlab.task.Sentences;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A local search engine over the corpus, the {@code search[...]} tool of a {@link ReAct} agent: documents
 * are cut into passages of whole sentences (about {@code passageWords} words each, since the corpus keeps
 * no paragraph breaks), indexed with {@link Bm25}. A search returns the best passage's sentence that shares
 * the most terms with the query, cut to {@code maxWords} words: a short observation for a short context.
 */
public final class DocumentStore implements Tool {
    private final List<String> passages;
    private final Bm25 index;
    private final int maxWords;

    public DocumentStore(List<String> passages, int maxWords) {
        if (maxWords < 1) throw new IllegalArgumentException("maxWords must be >= 1, got " + maxWords);
        this.passages = List.copyOf(passages);
        this.index = new Bm25(this.passages);
        this.maxWords = maxWords;
    }

    /** Passages of the corpus file {@code file} (one document per line). */
    public static DocumentStore fromCorpus(Path file, int passageWords, int maxWords) {
        try {
            List<String> passages = new ArrayList<>();
            for (String doc : Files.readAllLines(file)) passages.addAll(passages(doc, passageWords));
            return new DocumentStore(passages, maxWords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Consecutive sentences of {@code document} joined until a passage has at least {@code words} words. */
    public static List<String> passages(String document, int words) {
        if (words < 1) throw new IllegalArgumentException("passage words must be >= 1, got " + words);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int count = 0;
        for (String s : document.split("(?<=[.!?])\\s+")) {
            if (s.isBlank()) continue;
            cur.append(cur.length() == 0 ? "" : " ").append(s.strip());
            count += Sentences.words(s).size();
            if (count >= words) {
                out.add(cur.toString());
                cur.setLength(0);
                count = 0;
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    public int size() {
        return passages.size();
    }

    /** The observation for a query: the best passage's most relevant sentence, or "no results". */
    @Override
    public ToolResult call(String query) {
        long t0 = System.nanoTime();
        List<Bm25.Hit> hits = index.search(query, 1);
        String text = hits.isEmpty() ? "no results" : snippet(passages.get(hits.get(0).doc()), query);
        return new ToolResult(ToolResult.Status.OK, text, "", "", Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The sentence of {@code passage} with the most distinct query terms (the first on ties), cut to maxWords. */
    String snippet(String passage, String query) {
        Set<String> q = new HashSet<>(Bm25.terms(query));
        String best = passage;
        long bestShared = -1;
        for (String s : passage.split("(?<=[.!?])\\s+")) {
            long shared = new HashSet<>(Bm25.terms(s)).stream().filter(q::contains).count();
            if (shared > bestShared) {
                best = s;
                bestShared = shared;
            }
        }
        List<String> words = List.of(best.strip().split("\\s+"));
        return words.size() <= maxWords ? best.strip() : String.join(" ", words.subList(0, maxWords)) + " ...";
    }
}
