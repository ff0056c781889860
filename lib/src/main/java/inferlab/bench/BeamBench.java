package inferlab.bench;

import inferlab.decode.BeamSearch;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.measure.Measure;
import inferlab.model.LanguageModel;

/**
 * Beam search's cost per generated token against greedy decoding on the same model and prompt. The beams
 * advance in one batched forward pass per step, so B beams should cost far less than B greedy steps; the
 * ratio shows how much less. Both runs include the same prefill of a short prompt and generate exactly
 * {@code tokens} tokens (no EOS).
 */
public final class BeamBench {
    private BeamBench() {}

    public record Row(String model, int beams, int tokens, double greedyMsPerStep, double beamMsPerStep, double ratio) {}

    public static Row run(String name, LanguageModel model, int beams, int tokens, int warmups, int runs) {
        int[] prompt = new int[8];
        if (tokens < 1 || (long) prompt.length + tokens > model.contextLength()) {
            // past the context greedy decoding stops early, and the table would divide its time by tokens never made
            throw new IllegalArgumentException("tokens must be in 1.." + (model.contextLength() - prompt.length)
                    + " (an " + prompt.length + "-token prompt in a context of " + model.contextLength() + "), got " + tokens);
        }
        for (int i = 0; i < prompt.length; i++) prompt[i] = (31 * i + 7) % model.vocabSize();
        Measure.Timing greedy = Measure.time(warmups, runs,
                () -> Generation.of(tokens).run(model, prompt, new Greedy()));
        BeamSearch search = new BeamSearch(beams, 1, 1.0, BeamSearch.EarlyStopping.TRUE);
        Measure.Timing beam = Measure.time(warmups, runs, () -> search.run(model, prompt, tokens, -1));
        double g = 1000 * greedy.median() / tokens;
        double b = 1000 * beam.median() / tokens;
        return new Row(name, beams, tokens, g, b, b / g);
    }
}
