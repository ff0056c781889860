package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.serve.Loopback;
import inferlab.serve.OpenAiServer;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small run of the load test: the shared task's Poisson load with adversaries mixed in loses no honest request. */
class ServeLoadTest {

    @Test
    void honestRequestsAllCompleteBesideAdversaries() throws Exception {
        // a batch of 2 under bursts of up to 8: requests beyond the batch must wait, however fast the engine is
        try (Loopback s = Loopback.serve(Models.target(), "target", 2,
                new OpenAiServer.Limits(1024, 256, 1 << 20, 16, Duration.ofSeconds(30), Duration.ofSeconds(2)))) {
            SharedTask task = SharedTask.load("validation", 10, false, 3);
            var load = new SharedTaskResult.Load(60, 8, 300, 180, 16, 1);
            ServeLoad.Report r = ServeLoad.run(s.url(), "target", task, load, 0.2);
            assertTrue(r.lostNothing(), r.toString());
            assertEquals(30, r.served());
            assertTrue(r.peakInFlight() > 2, "requests beyond the batch should queue, not be refused: " + r);
            assertEquals(Map.of("disconnect mid generation -> hung up mid-stream", 2, "over long prompt -> 400", 2,
                    "stalled body -> 408", 2), r.adversaries(), r.toString());
            long t0 = System.nanoTime();
            while (s.engine().active() > 0 && System.nanoTime() - t0 < 30e9) Thread.sleep(20);
            assertEquals(0, s.engine().active(), "nothing is left in the engine");
        }
    }
}
