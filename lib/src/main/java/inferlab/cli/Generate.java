package inferlab.cli;

import com.google.gson.Gson;
import inferlab.decode.BeamSearch;
import inferlab.decode.Decoder;
import inferlab.decode.Generation;
import inferlab.decode.LogitsProcessorList;
import inferlab.decode.Mirostat;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.serve.OpenAiClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code generate}: continues the prompt with greedy decoding (default), sampling ({@code --do-sample} and the
 * Hugging Face knobs), Mirostat ({@code --mirostat 1|2}) or beam search ({@code --num-beams B}), stopping after
 * {@code --max-new-tokens} or at the end-of-sequence token (which is kept).
 *
 * <p>With {@code --endpoint URL} the text goes to an OpenAI-compatible server instead: greedy or sampled with the
 * knobs the API has. Methods that need the whole next-token distribution are refused with a clear message.
 */
public final class Generate implements Command {
    @Override
    public String usage() {
        return "generate [--model DIR] --ids 1,2,3 | --text \"...\" [--max-new-tokens N (32)] [--eos-token-id ID]"
                + " [--num-beams B --num-return-sequences R --length-penalty A --early-stopping true|false|never]"
                + " [--do-sample --temperature T --top-k K --top-p P --min-p P --typical-p P --epsilon E --eta E]"
                + " [--repetition-penalty R --no-repeat-ngram-size N] [--mirostat 1|2 --tau T --mirostat-eta E]"
                + " [--seed S]   -> {\"sequences\": [[new ids], ...], \"scores\": [...], \"text\": [...]}\n"
                + "  generate --endpoint URL [--served-model NAME] --text \"...\" [--max-new-tokens N] [--do-sample"
                + " --temperature T --top-k K --top-p P --min-p P --seed S]   -> {\"text\": [...], \"scores\": [...]}";
    }

    /** Options that need the logits, which the completions API does not return. */
    private static final List<String> LOCAL_ONLY = List.of("num-beams", "num-return-sequences", "length-penalty",
            "early-stopping", "mirostat", "tau", "mirostat-eta", "typical-p", "epsilon", "eta", "repetition-penalty",
            "no-repeat-ngram-size");

    @Override
    public void run(Options o, PrintStream out) {
        int maxNew = o.integer("max-new-tokens", 32);
        if (maxNew < 1) throw new IllegalArgumentException("--max-new-tokens must be at least 1");
        if (o.has("endpoint")) {
            remote(o, maxNew, out);
            return;
        }
        int beams = o.integer("num-beams", 1);
        int returned = o.integer("num-return-sequences", 1);
        BeamSearch beamSearch = beams != 1 || returned != 1 ? new BeamSearch(beams, returned,
                o.number("length-penalty", 1.0), BeamSearch.EarlyStopping.parse(o.string("early-stopping", "false"))) : null;
        SamplingParams params = SamplingParams.DEFAULT.withTemperature(o.number("temperature", 1))
                .withTopK(o.integer("top-k", 50)).withTopP(o.number("top-p", 1)).withMinP(o.number("min-p", 0))
                .withTypicalP(o.number("typical-p", 1)).withEpsilon(o.number("epsilon", 0)).withEta(o.number("eta", 0))
                .withRepetitionPenalty(o.number("repetition-penalty", 1))
                .withNoRepeatNgramSize(o.integer("no-repeat-ngram-size", 0));
        boolean sample = o.flag("do-sample");
        int mirostat = o.integer("mirostat", 0);
        double tau = o.number("tau", 5.0);
        double mirostatEta = o.number("mirostat-eta", 0.1);
        Random rng = new Random(o.integer("seed", 0));
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
        try (LanguageModel model = ModelInput.model(o)) {
            int[] prompt = ModelInput.prompt(o, model);
            int eos = o.integer("eos-token-id", model.eosTokenId());
            boolean text = o.has("text");
            o.requireAllRead();
            List<int[]> sequences = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            if (beamSearch != null) {
                for (BeamSearch.Hypothesis h : beamSearch.run(model, prompt, maxNew, eos)) {
                    sequences.add(h.ids());
                    scores.add(h.score());
                }
            } else {
                Generation.Result r = Generation.of(maxNew).withEos(eos).run(model, prompt, decoder);
                sequences.add(r.ids());
                scores.add(r.score());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sequences", sequences);
            r.put("scores", scores);
            if (text) r.put("text", sequences.stream().map(s -> model.tokenizer().orElseThrow().decode(s)).toList());
            out.println(new Gson().toJson(r));
        }
    }

    private static void remote(Options o, int maxNew, PrintStream out) {
        for (String option : LOCAL_ONLY) {
            if (o.has(option)) {
                throw new IllegalArgumentException("--" + option + " needs the model's whole next-token distribution, which an"
                        + " OpenAI-compatible server does not return: run it in process with --model DIR");
            }
        }
        if (o.has("ids") || o.has("eos-token-id")) {
            throw new IllegalArgumentException("token ids belong to a local tokenizer: give a server --text");
        }
        // as in process: the sampling knobs apply with --do-sample only, and top-k defaults to 50 (Hugging Face)
        CompletionRequest sampled = new CompletionRequest(o.required("text"), maxNew, o.number("temperature", 1),
                o.number("top-p", 1), o.integer("top-k", 50), o.number("min-p", 0), (long) o.integer("seed", 0),
                List.of(), 1, 0, false);
        CompletionRequest request = o.flag("do-sample") ? sampled
                : CompletionRequest.greedy(sampled.prompt(), maxNew).withLogprobs(0, false);
        OpenAiClient client = ModelInput.endpoint(o.required("endpoint"), o.string("served-model", null));
        o.requireAllRead();
        Completion.Choice c = client.complete(request).choices().get(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("text", List.of(c.text()));
        r.put("scores", List.of(c.tokenLogprobs().stream().mapToDouble(Double::doubleValue).sum()));
        out.println(new Gson().toJson(r));
    }
}
