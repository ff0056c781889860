package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.task.Calculator;
import inferlab.task.Item;
import inferlab.task.TaskSets;
import inferlab.task.WordProblems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Cheap invariants of the shipped models in data/models (the full numbers come from ModelReport.main). */
class ModelReportTest {
    private static final Path TARGET = Project.data().resolve("models/target");
    private static final Path DRAFT = Project.data().resolve("models/draft");

    @Test
    void shippedModelsLoadAndIncrementalLogitsMatchTheFullForward() {
        for (Path dir : new Path[] {TARGET, DRAFT}) {
            try (Transformer model = Models.load(dir.toString()); NDManager m = NDManager.newBaseManager("PyTorch")) {
                Tokenizer tok = model.tokenizer().orElseThrow();
                int[] ids = tok.encode(Corpus.documents(Project.data().resolve("corpus"), "test").get(0).substring(0, 400));
                float[] full = model.logits(m.create(ids, new Shape(1, ids.length)).toType(DataType.INT64, false)).toFloatArray();
                try (Session s = model.newSession(Transformer.Engine.DJL)) { // the Java engine is EngineParityTest's
                    int v = model.vocabSize();
                    for (int t = 0; t < ids.length; t++) {
                        float[] row = s.append(ids[t])[0];
                        for (int i = 0; i < v; i++) {
                            float expected = full[t * v + i];
                            // 1e-5 relative to the logit's size: fp32 sums in a different order differ in the last bits
                            assertEquals(expected, row[i], 1e-5f * Math.max(1f, Math.abs(expected)), dir + " position " + t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void draftAndTargetShareTheTokenizer() throws Exception {
        assertArrayEquals(Files.readAllBytes(TARGET.resolve("tokenizer.json")), Files.readAllBytes(DRAFT.resolve("tokenizer.json")));
        assertArrayEquals(Files.readAllBytes(Project.data().resolve("tokenizer/tokenizer.json")),
                Files.readAllBytes(TARGET.resolve("tokenizer.json")));
        try (Transformer t = Transformer.load(TARGET); Transformer d = Transformer.load(DRAFT)) {
            assertEquals(t.vocabSize(), d.vocabSize());
            assertEquals(t.eosTokenId(), d.eosTokenId());
            assertTrue(d.parameterCount() * 5 < t.parameterCount(), "the draft is several times smaller");
        }
    }

    @Test
    void targetPerplexityOnHeldOutTextIsFarBelowUniform() {
        try (Transformer t = Transformer.load(TARGET)) {
            int[] test = ModelReport.corpusTokens(t.tokenizer().orElseThrow(), "test", t.eosTokenId());
            double ppl = ModelReport.perplexity(t, test, t.config().maxPositions(), 1024);
            // uniform is 4096; the card reports 56 on 65k test tokens; 120 leaves room for this small sample
            System.out.println("sample perplexity " + ppl);
            assertTrue(ppl < 120, "test perplexity " + ppl);
        }
    }

    @Test
    void calculatorAnnotationsInGreedyOutputAreCorrect() {
        Pattern annotation = Pattern.compile("<<([^=<>]+)=([^<>]*)>>");
        try (Transformer t = Transformer.load(TARGET)) {
            int checked = 0;
            for (Item item : TaskSets.load(WordProblems.NAME, "validation").subList(0, 3)) {
                String out = ModelReport.completer(t, WordProblems.NAME, rng -> new inferlab.decode.Greedy())
                        .complete(item.prompt(), 1, new java.util.Random(1)).candidates().get(0).text();
                Matcher m = annotation.matcher(out);
                while (m.find()) {
                    try {
                        String value = Calculator.format(Calculator.evaluate(m.group(1)));
                        assertEquals(value, m.group(2), out);
                        checked++;
                    } catch (IllegalArgumentException malformed) {
                        // the model wrote an expression the calculator rejects: nothing was injected
                    }
                }
            }
            assertTrue(checked > 0, "no annotation was completed");
        }
    }
}
