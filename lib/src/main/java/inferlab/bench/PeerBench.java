package inferlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.hardware.Hardware;
import inferlab.hardware.ModelShape;
import inferlab.measure.Measure;
import inferlab.model.CheckpointWriter;
import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batch-1 decode against the peer: Hugging Face transformers on PyTorch (CPU) with the same weights and thread
 * count, running {@code bench/peer_decode.py} in the venv {@code environment/setup-peer.sh} makes. Both
 * InferLab engines and the peer take turns (see {@link Measure}); the peer process loads the model once and
 * measures a round whenever asked, counting only its timed decode loops. Every step reads all weights and the cache, so tokens/s is at most
 * bandwidth / bytes per token: the bandwidth limit each figure is set against.
 */
public final class PeerBench {
    private PeerBench() {}

    /** A model to compare on: an existing directory, or a random-weight checkpoint of {@code config} made once. */
    public record Shape(String name, Path dir, HfConfig config, int threads) {}

    /**
     * One shape's result: rates, per-round ratios to the peer, and the memory read rate measured in the same rounds
     * (bytes/s of a sum over 1 GiB, at torch's thread count); the DJL figures are null where torch runs at another
     * thread count than the shape's.
     */
    public record Result(Shape shape, long parameters, String peer, Measure.Figure java, Measure.Figure djl,
                         Measure.Figure transformers, Measure.Figure javaOverPeer, Measure.Figure djlOverPeer,
                         Measure.Figure bandwidth, double bytesPerToken) {
        /** The bandwidth limit in tokens/s: the median read rate over the bytes a token reads. */
        public double limit() {
            return bandwidth.median() / bytesPerToken;
        }

        /** A rate's share of the bandwidth limit, round by round (each round against that round's read rate). */
        public Measure.Figure share(Measure.Figure rate) {
            return rate.over(bandwidth).times(bytesPerToken);
        }
    }

    /**
     * The three shapes of the course's speed goals: the embedded target (1 thread); a Llama of 6 layers, 256 wide,
     * GQA 8:4, vocabulary 4096 (6.45M, 1 thread); GPT-2 small (124M, 2 threads). The random ones go under
     * {@code build/peer-shapes/}.
     */
    public static List<Shape> standardShapes(Path home) {
        Path made = home.resolve("build/peer-shapes");
        HfConfig llama = new HfConfig(HfConfig.Architecture.LLAMA, 4096, 256, 6, 8, 4, 32, 688, 2048, 1e-5, false,
                false, false, false, false, new int[] {0}, new int[] {0}, HfConfig.Rope.plain(10000));
        return List.of(
                new Shape("embedded target", home.resolve("data/models/target"), null, 1),
                new Shape("llama 6x256 gqa 8:4", made.resolve("llama-6x256-gqa"), llama, 1),
                new Shape("gpt2-small 124M", made.resolve("gpt2-small"), HfConfig.gpt2(50257, 768, 12, 12, 1024), 2));
    }

    /** RAM the machine needs for {@link #courseShape}: about 7 GB for us and 3 GB for transformers, with room. */
    public static final int COURSE_SHAPE_RAM_GIB = 16;

    /** Whether this machine has {@link #COURSE_SHAPE_RAM_GIB} of RAM. */
    public static boolean roomForCourseShape() {
        return Hardware.physicalMemoryBytes() >= (double) ((long) COURSE_SHAPE_RAM_GIB << 30);
    }

    /**
     * The course's smallest model as a fourth shape for {@code bench peer --shapes}: Qwen3-0.6B's published
     * configuration (596M parameters, 28 layers, GQA 16:8 of width 128, per-head query and key norms, a tied
     * 151,936-token head) with random weights, 2 threads. Its batch-1 step reads 2.4 GB, so it shows where a real
     * checkpoint of the course stands against the memory-bandwidth limit.
     */
    public static Shape courseShape(Path home) {
        HfConfig qwen3 = new HfConfig(HfConfig.Architecture.QWEN3, 151936, 1024, 28, 16, 8, 128, 3072, 40960, 1e-6,
                true, false, false, false, false, new int[] {151643}, new int[] {151645}, HfConfig.Rope.plain(1e6));
        return new Shape("qwen3-0.6B", home.resolve("build/peer-shapes/qwen3-0.6b"), qwen3, 2);
    }

    /**
     * Writes the random checkpoint of {@code s} unless its directory already holds one of that config, and puts the
     * project's tokenizer beside it, so that the serving engine can run the shape too ({@code bench serve --peer
     * --model DIR}); ids the tokenizer lacks decode to nothing.
     */
    public static void ensureCheckpoint(Shape s) throws IOException {
        if (s.config() == null) return;
        Path config = s.dir().resolve("config.json");
        if (Files.isRegularFile(config) && Files.isRegularFile(s.dir().resolve("model.safetensors"))) {
            if (!HfConfig.read(config).equals(s.config())) {
                throw new IllegalArgumentException(s.dir() + " holds another model than " + s.config()
                        + "; move it away to let the benchmark write its checkpoint there");
            }
        } else if (Files.exists(s.dir()) && Files.list(s.dir()).findAny().isPresent()) {
            throw new IllegalArgumentException(s.dir() + " exists and is not a checkpoint this benchmark wrote");
        } else {
            try (Transformer t = Transformer.random(s.config(), new Random(0))) {
                CheckpointWriter.write(t, s.dir());
            }
        }
        Path tokenizer = s.dir().resolve("tokenizer.json");
        if (!Files.exists(tokenizer)) Files.copy(Project.data().resolve("tokenizer/tokenizer.json"), tokenizer);
    }

    public static Result run(Shape s, Path python, Path script, int promptTokens, int tokens, double seconds,
                             int repeats) throws IOException {
        ensureCheckpoint(s);
        Transformer.setJavaEngineThreads(s.threads());
        // torch's thread count is fixed for this JVM: DJL is measured only at the shape's own count
        boolean djl = Transformer.djlThreads() == s.threads();
        try (PeerProcess peer = new PeerProcess(List.of(python.toString(), script.toString(), "--model",
                s.dir().toString(), "--prompt-tokens", String.valueOf(promptTokens), "--new-tokens",
                String.valueOf(tokens), "--threads", String.valueOf(s.threads())));
             Transformer m = Transformer.load(s.dir());
             NDManager memory = NDManager.newBaseManager("PyTorch");
             NDArray gib = memory.ones(new ai.djl.ndarray.types.Shape(256 << 20))) {
            long[] ops = new long[2];
            List<Measure.Contender> contenders = new ArrayList<>();
            contenders.add(new Measure.Contender("inferlab java", () -> DecodeBench.decode(m.on(Transformer.Engine.JAVA),
                    promptTokens, tokens, ops, 0)));
            if (djl) {
                contenders.add(new Measure.Contender("inferlab djl", () -> DecodeBench.decode(m.on(Transformer.Engine.DJL),
                        promptTokens, tokens, ops, 1)));
            }
            contenders.add(new Measure.Contender("transformers", () -> {
                        JsonObject o = peer.request("measure " + seconds);
                        return new Measure.Work(o.get("tokens").getAsDouble(),
                                o.get("tokens").getAsDouble() / o.get("tokens_per_s").getAsDouble());
                    }));
            // the limit moves with what else the shared machine does: read memory in the same rounds
            contenders.add(new Measure.Contender("memory read", Hardware.read(gib)));
            List<Measure.Figure> f = Measure.rates(contenders, seconds, repeats);
            Measure.Figure java = f.get(0);
            Measure.Figure djlRate = djl ? f.get(1) : null;
            Measure.Figure hf = f.get(f.size() - 2);
            ModelShape shape = ModelShape.of(s.name(), m.config());
            long meanContext = promptTokens + tokens / 2;
            double bytesPerToken = shape.weightBytes(4) + meanContext * (double) shape.kvBytesPerToken(4);
            return new Result(s, m.parameterCount(), peer.versions(), java, djlRate, hf, java.over(hf),
                    djl ? djlRate.over(hf) : null, f.get(f.size() - 1), bytesPerToken);
        }
    }

    /** The table of results: rates with spread, ratios to the peer, and shares of the bandwidth limit. */
    public static Object[][] table(List<Result> results) {
        List<Object[]> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(new Object[] {r.shape().name(), String.format("%.2fM", r.parameters() / 1e6), r.shape().threads(),
                    r.java().format(1), r.djl() == null ? "-" : r.djl().format(1), r.transformers().format(1),
                    r.javaOverPeer().format(2), r.djlOverPeer() == null ? "-" : r.djlOverPeer().format(2),
                    r.share(r.java()).times(100).format(0) + " / " + r.share(r.transformers()).times(100).format(0)});
        }
        return rows.toArray(Object[][]::new);
    }

    public static final String[] HEADER = {"model", "params", "threads", "java tok/s", "djl tok/s",
            "transformers tok/s", "java/hf", "djl/hf", "% of bw limit java / hf"};
}
