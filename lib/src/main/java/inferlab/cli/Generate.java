package inferlab.cli;

import com.google.gson.Gson;
import inferlab.decode.BeamSearch;
import inferlab.decode.Decoder;
import inferlab.decode.Generation;
import inferlab.decode.LogitsProcessorList;
import inferlab.decode.Mirostat;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.decode.StopRule;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.serve.OpenAiClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code generate}: continues the prompt with greedy decoding (default), sampling ({@code --do-sample} and the
 * Hugging Face knobs), Mirostat ({@code --mirostat 1|2}) or beam search ({@code --num-beams B}), stopping after
 * {@code --max-new-tokens} or at the end-of-sequence token (which is kept).
 *
 * <p>With {@code --endpoint URL} the text goes to an OpenAI-compatible server instead: greedy or sampled with the
 * knobs the API has, the prompt as {@code --text} or as {@code --ids} of the server's tokenizer, and with
 * {@code --stream} each piece of text printed as it arrives. Methods that need the whole next-token distribution
 * are refused with a clear message.
 */
@picocli.CommandLine.Command(name = "generate", sortOptions = false, description = {
    "Continues the prompt: greedy, sampled, Mirostat or beam search -> {\"sequences\": [[new ids], ...],"
            + " \"scores\": [...], \"text\": [...]}.",
    "With --endpoint URL an OpenAI-compatible server generates instead -> {\"text\": [...], \"scores\": [...]}."})
public final class Generate implements Command {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelInput input;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxNew = 32;
    @Option(names = "--eos-token-id", paramLabel = "N", description = "default: the model's")
    Integer eos;
    @Option(names = "--num-beams", paramLabel = "N", description = "beam width B, at most " + Limits.MAX_BEAMS)
    int beams = 1;
    @Option(names = "--num-return-sequences", paramLabel = "N", description = "R <= B")
    int returned = 1;
    @Option(names = "--length-penalty", paramLabel = "X")
    double lengthPenalty = 1.0;
    @Option(names = "--early-stopping", paramLabel = "true|false|never")
    String earlyStopping = "false";
    @Option(names = "--do-sample", description = "sample (else greedy)")
    boolean sample;
    @Option(names = "--temperature", paramLabel = "X")
    double temperature = 1;
    @Option(names = "--top-k", paramLabel = "N")
    int topK = 50;
    @Option(names = "--top-p", paramLabel = "X")
    double topP = 1;
    @Option(names = "--min-p", paramLabel = "X")
    double minP = 0;
    @Option(names = "--typical-p", paramLabel = "X")
    double typicalP = 1;
    @Option(names = "--epsilon", paramLabel = "X")
    double epsilon = 0;
    @Option(names = "--eta", paramLabel = "X")
    double eta = 0;
    @Option(names = "--repetition-penalty", paramLabel = "X")
    double repetitionPenalty = 1;
    @Option(names = "--no-repeat-ngram-size", paramLabel = "N")
    int noRepeatNgramSize = 0;
    @Option(names = "--mirostat", paramLabel = "1|2")
    int mirostat = 0;
    @Option(names = "--tau", paramLabel = "X")
    double tau = 5.0;
    @Option(names = "--mirostat-eta", paramLabel = "X")
    double mirostatEta = 0.1;
    @Option(names = "--seed", paramLabel = "N")
    int seed = 0;
    @Option(names = "--endpoint", paramLabel = "URL", description = "an OpenAI-compatible server")
    String endpoint;
    @Option(names = "--served-model", paramLabel = "NAME", description = "default: the first the server lists")
    String servedModel;
    @Option(names = "--stream", description = "with --endpoint: print each piece of text as it arrives, one {\"delta\": ...} line each")
    boolean stream;

    /** Options that need the logits, which the completions API does not return. */
    private static final List<String> LOCAL_ONLY = List.of("--num-beams", "--num-return-sequences", "--length-penalty",
            "--early-stopping", "--mirostat", "--tau", "--mirostat-eta", "--typical-p", "--epsilon", "--eta",
            "--repetition-penalty", "--no-repeat-ngram-size", "--eos-token-id", "--model");

    @Override
    public void run(PrintStream out) {
        if (maxNew < 1) throw new IllegalArgumentException("--max-new-tokens must be at least 1");
        if (endpoint != null) {
            remote(out);
            return;
        }
        if (stream) throw new IllegalArgumentException("--stream is for a server: give --endpoint URL");
        Limits.range("--num-beams", beams, 1, Limits.MAX_BEAMS);
        BeamSearch beamSearch = beams != 1 || returned != 1
                ? new BeamSearch(beams, returned, lengthPenalty, BeamSearch.EarlyStopping.parse(earlyStopping)) : null;
        SamplingParams params = SamplingParams.DEFAULT.withTemperature(temperature).withTopK(topK).withTopP(topP)
                .withMinP(minP).withTypicalP(typicalP).withEpsilon(epsilon).withEta(eta)
                .withRepetitionPenalty(repetitionPenalty).withNoRepeatNgramSize(noRepeatNgramSize);
        Random rng = new Random(seed);
        Decoder decoder;
        if (mirostat != 0) {
            SamplingParams before = SamplingParams.DEFAULT.withTopK(0).withTemperature(params.temperature())
                    .withRepetitionPenalty(params.repetitionPenalty()).withNoRepeatNgramSize(params.noRepeatNgramSize());
            decoder = new Mirostat(mirostat, tau, mirostatEta, rng, LogitsProcessorList.sampling(before));
        } else if (sample) {
            decoder = new Sampler(params, rng);
        } else {
            decoder = new Sampler(params.withTemperature(0), rng); // greedy, after any penalties (as HF)
        }
        if (beamSearch != null && (sample || mirostat != 0)) {
            throw new IllegalArgumentException("beam search is deterministic here: drop --do-sample/--mirostat or --num-beams");
        }
        try (Transformer model = input.model()) {
            int[] prompt = input.prompt(model, maxNew);
            int[] stop = eos != null ? new int[] {Limits.range("--eos-token-id", eos, 0, model.vocabSize() - 1)} : model.eosTokenIds();
            List<int[]> sequences = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            if (beamSearch != null) {
                for (BeamSearch.Hypothesis h : beamSearch.run(model, prompt, maxNew, stop)) {
                    sequences.add(h.ids());
                    scores.add(h.score());
                }
            } else {
                Generation.Result r = Generation.of(maxNew).withEos(stop).run(model, prompt, decoder);
                sequences.add(r.ids());
                scores.add(r.score());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sequences", sequences);
            r.put("scores", scores);
            if (input.text != null) {
                StopRule rule = new StopRule(stop, List.of(), maxNew, model.contextLength());
                Tokenizer tok = model.tokenizer().orElseThrow();
                r.put("text", sequences.stream().map(s -> rule.replay(tok, prompt.length, s).text()).toList());
            }
            out.println(new Gson().toJson(r));
        }
    }

    private void remote(PrintStream out) {
        for (String option : LOCAL_ONLY) {
            if (!spec.commandLine().getParseResult().hasMatchedOption(option)) continue;
            if (option.equals("--eos-token-id")) {
                throw new IllegalArgumentException("--eos-token-id is local: the server stops at its model's own");
            }
            if (option.equals("--model")) {
                throw new IllegalArgumentException("--model is local: name the server's model with --served-model");
            }
            throw new IllegalArgumentException(option + " needs the model's whole next-token distribution, which an"
                    + " OpenAI-compatible server does not return: run it in process with --model DIR");
        }
        if (input.text != null && input.ids != null) throw new IllegalArgumentException("give either --ids or --text, not both");
        if (input.text == null && input.ids == null) {
            throw new IllegalArgumentException("missing prompt: give the server --text \"...\" or --ids 1,2,3 (its tokenizer's)");
        }
        String text = input.text == null ? "" : input.text; // with --ids the ids are the prompt
        // as in process: the sampling knobs apply with --do-sample only, and top-k defaults to 50 (Hugging Face)
        CompletionRequest sampled = new CompletionRequest(text, maxNew, temperature, topP, topK, minP, (long) seed,
                List.of(), 1, 0, false);
        CompletionRequest request = sample ? sampled : CompletionRequest.greedy(text, maxNew).withLogprobs(0, false);
        OpenAiClient client = ModelInput.endpoint(endpoint, servedModel);
        Gson gson = new Gson();
        Completion.Choice c = (stream
                ? client.stream(request, input.ids, (choice, piece) -> {
                    out.println(gson.toJson(Map.of("delta", piece)));
                    out.flush();
                })
                : client.complete(request, input.ids)).choices().get(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("text", List.of(c.text()));
        r.put("scores", List.of(c.tokenLogprobs().stream().mapToDouble(Double::doubleValue).sum()));
        out.println(gson.toJson(r));
    }
}
