package inferlab.train;

import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.prob.TopK;
import inferlab.task.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training text for a speculative-decoding draft: the target's own greedy continuations of windows of the training
 * corpus. Speculative decoding checks the draft against what the target writes, not against human text, so a draft
 * distilled on the target's outputs agrees with it more often (sequence-level distillation, Kim and Rush 2016;
 * on-policy data for drafts, Zhou et al. 2024, DistillSpec). Deterministic: the windows come from the seed, and
 * greedy decoding draws nothing.
 */
public final class SelfDistillation {
    private SelfDistillation() {}

    /** A window of a training document (16 to 96 tokens) and the target's greedy continuation, EOS left out. */
    public record Sample(int[] window, int[] continuation) {}

    private static final int BATCH = 32, SHORTEST = 16, LONGEST = 96;

    /**
     * {@code count} windows drawn from {@code seed} (a document uniformly, then a start uniformly within it) and up to
     * {@code newTokens} greedy tokens after each, cut at the target's EOS. Windows are decoded 32 at a time as
     * one batch, which is the same greedy decoding as one at a time (each row attends only to its own cache).
     */
    public static List<Sample> generate(Transformer target, List<int[]> documents, int count, int newTokens, long seed) {
        List<int[]> usable = documents.stream().filter(d -> d.length > LONGEST).toList();
        if (usable.isEmpty()) throw new IllegalArgumentException("no training document is longer than " + LONGEST + " tokens");
        if (LONGEST + newTokens > target.contextLength()) {
            throw new IllegalArgumentException(newTokens + " new tokens after a window of " + LONGEST
                    + " exceed the context of " + target.contextLength());
        }
        Random rng = new Random(seed);
        List<Sample> out = new ArrayList<>();
        while (out.size() < count) {
            int n = Math.min(BATCH, count - out.size());
            List<Session> sessions = new ArrayList<>();
            int[][] windows = new int[n][];
            int[][] made = new int[n][newTokens];
            int[] next = new int[n];
            try {
                for (int i = 0; i < n; i++) {
                    int[] doc = usable.get(rng.nextInt(usable.size()));
                    int length = SHORTEST + rng.nextInt(LONGEST - SHORTEST + 1);
                    int start = rng.nextInt(doc.length - length + 1);
                    windows[i] = Arrays.copyOfRange(doc, start, start + length);
                    Session s = target.newSession();
                    sessions.add(s);
                    next[i] = TopK.argmax(s.appendLast(windows[i]));
                }
                for (int t = 0; t < newTokens; t++) {
                    for (int i = 0; i < n; i++) made[i][t] = next[i];
                    if (t + 1 == newTokens) break;
                    float[][] rows = target.appendBatch(sessions, next);
                    for (int i = 0; i < n; i++) next[i] = TopK.argmax(rows[i]);
                }
            } finally {
                sessions.forEach(Session::close);
            }
            for (int i = 0; i < n; i++) {
                int end = 0;
                while (end < newTokens && made[i][end] != target.eosTokenId()) end++;
                out.add(new Sample(windows[i], Arrays.copyOf(made[i], end)));
            }
        }
        return out;
    }

    /**
     * {@code java inferlab.train.SelfDistillation <target dir> <corpus dir> <out dir> <windows> <new tokens> <seed>}:
     * writes {@code <out dir>/train.txt}, a corpus {@code train} can read (its config's {@code corpus}): the corpus's
     * train documents, then one window and its continuation per line. The documents stay so that the draft keeps
     * modelling text the target did not write (the held-out agreement of the model card). An existing file is kept,
     * not overwritten (the output is deterministic, so a rerun of {@code environment/train-models.sh} goes on from it).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: SelfDistillation <target dir> <corpus dir> <out dir> <windows> <new tokens> <seed>");
            System.exit(2);
        }
        Path file = Path.of(args[2]).resolve("train.txt");
        if (Files.exists(file)) {
            System.err.println("self-distillation: " + file + " exists, kept");
            return;
        }
        try (Transformer target = Transformer.load(Path.of(args[0]))) {
            Tokenizer tok = target.tokenizer().orElseThrow(() -> new IllegalArgumentException(args[0] + " has no tokenizer"));
            List<String> documents = Corpus.documents(Path.of(args[1]), "train");
            long start = System.nanoTime();
            List<Sample> samples = generate(target, documents.stream().map(tok::encode).toList(),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
            List<String> lines = new ArrayList<>(documents);
            long tokens = 0;
            for (Sample s : samples) {
                int[] all = Arrays.copyOf(s.window(), s.window().length + s.continuation().length);
                System.arraycopy(s.continuation(), 0, all, s.window().length, s.continuation().length);
                lines.add(Corpus.normalise(tok.decode(all))); // one document per line, as the corpus stores them
                tokens += s.continuation().length;
            }
            AtomicFile.write(file, String.join("\n", lines) + "\n");
            System.err.printf("self-distillation: %d windows, %,d new tokens in %.0f s into %s%n", samples.size(), tokens,
                    (System.nanoTime() - start) / 1e9, file);
        }
    }
}
