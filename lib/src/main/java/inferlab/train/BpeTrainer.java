package inferlab.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE tokenizer (Sennrich et al. 2016; byte-level as in GPT-2, Radford et al. 2019) and
 * writes it as a Hugging Face {@code tokenizer.json}.
 *
 * <p>Text is first split into pre-tokens: every ASCII digit on its own (as Llama's and Qwen's tokenizers do, so a
 * number is always spelled digit by digit, whatever its context, which is what makes arithmetic learnable for a
 * small model), and the rest by the GPT-2 regex (words with their leading space, punctuation runs,
 * whitespace), so merges never cross a word boundary. Each pre-token is a sequence of
 * bytes; the base vocabulary is the 256 bytes, so every string is encodable and decoding is exact. Training
 * repeats: find the most frequent adjacent pair (a, b) over all pre-tokens, weighted by how often each
 * pre-token occurs; add the symbol ab; rewrite every pre-token that contains the pair. Pair counts are kept
 * incrementally, and only pre-tokens holding the merged pair are revisited, so a merge costs time in
 * proportion to the words it touches, not to the corpus.
 *
 * <p>Ids: 0 is {@value #EOS}, 1..256 are the bytes 0..255, then one id per merge in merge order. Ties between
 * equally frequent pairs go to the smaller (left id, right id), so training is deterministic.
 */
public final class BpeTrainer {
    /** The one special token: separates documents. */
    public static final String EOS = "<|endoftext|>";

    /** GPT-2's pre-tokenization pattern; Unicode classes so that it agrees with the Rust implementation. */
    public static final Pattern PRE_TOKEN = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final int FIRST_BYTE_ID = 1;
    private static final int FIRST_MERGE_ID = 257;

    /** The result: merges in order (pairs of ids) and the byte string of every id. */
    public record Bpe(List<int[]> merges, List<byte[]> tokenBytes) {
        public int vocabSize() {
            return tokenBytes.size();
        }
    }

    private BpeTrainer() {}

    /**
     * The pre-tokens of {@code text}: each ASCII digit alone, and {@link #PRE_TOKEN} matches within the runs
     * between digits. This is what Hugging Face's {@code Sequence[Digits(individual_digits), ByteLevel]}
     * pre-tokenizer does, so the ids agree with {@code tokenizers}.
     */
    public static List<String> preTokens(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && !isAsciiDigit(text.charAt(i))) continue;
            Matcher m = PRE_TOKEN.matcher(text.substring(start, i));
            while (m.find()) out.add(m.group());
            if (i < text.length()) out.add(String.valueOf(text.charAt(i)));
            start = i + 1;
        }
        return out;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Counts the pre-tokens of all documents: pre-token -> number of occurrences. */
    public static Map<String, Long> preTokenCounts(Iterable<String> documents) {
        Map<String, Long> counts = new HashMap<>();
        for (String doc : documents) {
            for (String p : preTokens(doc)) counts.merge(p, 1L, Long::sum);
        }
        return counts;
    }

    /** Learns merges until the vocabulary (special token + 256 bytes + merges) has {@code vocabSize} ids. */
    public static Bpe train(Iterable<String> documents, int vocabSize) {
        if (vocabSize <= FIRST_MERGE_ID) throw new IllegalArgumentException("vocabSize must exceed " + FIRST_MERGE_ID);
        Map<String, Long> preTokens = preTokenCounts(documents);
        // Sorted so that word indices, and with them everything below, do not depend on hash order.
        List<String> keys = new ArrayList<>(preTokens.keySet());
        keys.sort(null);
        int n = keys.size();
        int[][] words = new int[n][];
        long[] freq = new long[n];
        for (int w = 0; w < n; w++) {
            byte[] bytes = keys.get(w).getBytes(StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) words[w][i] = FIRST_BYTE_ID + (bytes[i] & 0xff);
            freq[w] = preTokens.get(keys.get(w));
        }

        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < n; w++) addPairs(words[w], freq[w], w, pairCount, pairWords);
        // Max-heap of (count, pair); entries go stale as counts change and are checked when popped.
        PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
        pairCount.forEach((p, c) -> heap.add(new long[] {c, p}));

        List<byte[]> tokenBytes = new ArrayList<>();
        tokenBytes.add(EOS.getBytes(StandardCharsets.UTF_8));
        for (int b = 0; b < 256; b++) tokenBytes.add(new byte[] {(byte) b});
        List<int[]> merges = new ArrayList<>();
        while (tokenBytes.size() < vocabSize && !heap.isEmpty()) {
            long[] top = heap.poll();
            long current = pairCount.getOrDefault(top[1], 0L);
            if (current != top[0]) {
                if (current > 0) heap.add(new long[] {current, top[1]});
                continue;
            }
            int a = (int) (top[1] >>> 32), b = (int) top[1];
            int id = tokenBytes.size();
            tokenBytes.add(concat(tokenBytes.get(a), tokenBytes.get(b)));
            merges.add(new int[] {a, b});
            Set<Integer> touched = pairWords.remove(top[1]);
            for (int w : touched) {
                int[] merged = merge(words[w], a, b, id);
                if (merged == words[w]) continue;
                removePairs(words[w], freq[w], pairCount);
                words[w] = merged;
                for (Map.Entry<Long, Long> e : addPairs(merged, freq[w], w, pairCount, pairWords).entrySet()) {
                    heap.add(new long[] {e.getValue(), e.getKey()});
                }
            }
            pairCount.remove(top[1]);
        }
        return new Bpe(merges, tokenBytes);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** Adds the word's pairs to the counts; returns the new counts of the pairs it touched. */
    private static Map<Long, Long> addPairs(int[] word, long f, int w, Map<Long, Long> pairCount, Map<Long, Set<Integer>> pairWords) {
        Map<Long, Long> touched = new HashMap<>();
        for (int i = 0; i + 1 < word.length; i++) {
            long p = pair(word[i], word[i + 1]);
            touched.put(p, pairCount.merge(p, f, Long::sum));
            pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(w);
        }
        return touched;
    }

    private static void removePairs(int[] word, long f, Map<Long, Long> pairCount) {
        for (int i = 0; i + 1 < word.length; i++) pairCount.merge(pair(word[i], word[i + 1]), -f, Long::sum);
    }

    /** Replaces non-overlapping occurrences of (a, b), left to right, by {@code id}; the same array if none. */
    private static int[] merge(int[] word, int a, int b, int id) {
        int[] out = null;
        int k = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                if (out == null) {
                    out = new int[word.length - 1];
                    System.arraycopy(word, 0, out, 0, i);
                    k = i;
                }
                out[k++] = id;
                i++;
            } else if (out != null) {
                out[k++] = word[i];
            }
        }
        return out == null ? word : java.util.Arrays.copyOf(out, k);
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    /**
     * GPT-2's reversible map from bytes to printable characters: printable Latin-1 bytes map to themselves, the
     * rest to code points 256 and up, so that every token is a visible string without spaces.
     */
    public static char[] byteToUnicode() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) next++;
        }
        return map;
    }

    /** The token's string in the byte-to-unicode alphabet ({@value #EOS} stays as it is). */
    static String tokenString(Bpe bpe, int id, char[] alphabet) {
        if (id == 0) return EOS;
        StringBuilder sb = new StringBuilder();
        for (byte x : bpe.tokenBytes().get(id)) sb.append(alphabet[x & 0xff]);
        return sb.toString();
    }

    /** The Hugging Face {@code tokenizer.json}: BPE model, Digits + ByteLevel pre-tokenizer, ByteLevel decoder. */
    public static JsonObject toHuggingFace(Bpe bpe) {
        char[] alphabet = byteToUnicode();
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        JsonArray added = new JsonArray();
        JsonObject eos = new JsonObject();
        eos.addProperty("id", 0);
        eos.addProperty("content", EOS);
        eos.addProperty("single_word", false);
        eos.addProperty("lstrip", false);
        eos.addProperty("rstrip", false);
        eos.addProperty("normalized", false);
        eos.addProperty("special", true);
        added.add(eos);
        root.add("added_tokens", added);
        root.add("normalizer", null);
        JsonObject digits = new JsonObject();
        digits.addProperty("type", "Digits");
        digits.addProperty("individual_digits", true);
        JsonArray steps = new JsonArray();
        steps.add(digits);
        steps.add(byteLevel(false, true));
        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "Sequence");
        preTokenizer.add("pretokenizers", steps);
        root.add("pre_tokenizer", preTokenizer);
        root.add("post_processor", byteLevel(true, false));
        root.add("decoder", byteLevel(true, true));
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.add("unk_token", null);
        model.add("continuing_subword_prefix", null);
        model.add("end_of_word_suffix", null);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < bpe.vocabSize(); id++) vocab.addProperty(tokenString(bpe, id, alphabet), id);
        model.add("vocab", vocab);
        JsonArray merges = new JsonArray();
        for (int[] m : bpe.merges()) {
            JsonArray pair = new JsonArray();
            pair.add(tokenString(bpe, m[0], alphabet));
            pair.add(tokenString(bpe, m[1], alphabet));
            merges.add(pair);
        }
        model.add("merges", merges);
        root.add("model", model);
        return root;
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", addPrefixSpace);
        o.addProperty("trim_offsets", trimOffsets);
        o.addProperty("use_regex", true);
        return o;
    }

    public static void write(Bpe bpe, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new GsonBuilder().serializeNulls().disableHtmlEscaping().create()
                    .toJson(toHuggingFace(bpe)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code java inferlab.train.BpeTrainer <corpus dir> <tasks dir> <vocab size> <out tokenizer.json>}: trains on
     * the corpus train split and the task train splits (so the task formats get tokens of their own).
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: BpeTrainer <corpus dir> <tasks dir> <vocab size> <tokenizer.json>");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        List<String> docs = new ArrayList<>(Corpus.documents(Path.of(args[0]), "train"));
        docs.addAll(TrainingData.taskDocuments(Path.of(args[1]), "train", false)); // the text it was first trained on
        Bpe bpe = train(docs, Integer.parseInt(args[2]));
        write(bpe, Path.of(args[3]));
        System.out.printf("vocab %d, %d merges, %.1f s%n", bpe.vocabSize(), bpe.merges().size(), (System.nanoTime() - t0) / 1e9);
    }
}
