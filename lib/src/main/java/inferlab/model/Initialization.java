package inferlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import inferlab.cache.KvCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random initialisation of a model of a given configuration, for training from scratch and for benchmarks:
 * weight matrices and embeddings ~ N(0, 0.02^2) (GPT-2's initialisation), norm gains 1, biases 0, drawn from
 * the generator in the order of {@link Checkpoint#parameterShapes}, so one seed gives one model.
 */
final class Initialization {
    private Initialization() {}

    static Transformer random(HfConfig config, RandomGenerator rng, KvCache.Factory cacheFactory) {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : Checkpoint.parameterShapes(config).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            NDArray a;
            if (name.endsWith(".bias")) {
                a = manager.zeros(shape);
            } else if (name.contains("norm") || name.contains("ln_")) {
                a = manager.ones(shape);
            } else {
                float[] values = new float[Math.toIntExact(shape.size())];
                for (int i = 0; i < values.length; i++) values[i] = (float) (0.02 * rng.nextGaussian());
                a = manager.create(values, shape);
            }
            params.put(name, a);
        }
        return new Transformer(config, manager, params, cacheFactory, null, GenerationConfig.DEFAULTS);
    }
}
