package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CalculatorTest {
    private static String eval(String e) {
        return Calculator.format(Calculator.evaluate(e));
    }

    @Test
    void precedenceParenthesesAndDivision() {
        assertEquals("14", eval("2+3*4"));
        assertEquals("20", eval("(2+3)*4"));
        assertEquals("24", eval("48/2"));
        assertEquals("2.5", eval("5/2"));
        assertEquals("1", eval("10-4-5"));
        assertEquals("2", eval("12/3/2"));
        assertEquals("-3", eval("-(1+2)"));
        assertEquals("0.75", eval("1.5 * 0.5"));
        assertEquals("1200", eval("1,200"));
        assertEquals(0, new BigDecimal("0.3333333333333333").compareTo(Calculator.evaluate("1/3")));
    }

    @Test
    void rejectsJunkWithAClearError() {
        for (String junk : new String[] {"2+", "2*(3", "abc", "2 3", "System.exit(0)", "4/0", "", "1..2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate(junk), junk);
            assertTrue(e.getMessage().startsWith("calculator: ") && e.getMessage().contains("position"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate("4/0")).getMessage().contains("division by zero"));
    }

    @Test
    void findsAnOpenAnnotationAndCompletesIt() {
        assertEquals("48/2", Calculator.pending("She sold <<48/2="));
        assertEquals("24>>", Calculator.complete("She sold 48/2 = <<48/2="));
        assertNull(Calculator.pending("She sold <<48/2=24>> clips, 3 ="));
        assertNull(Calculator.pending("no annotation ="));
        assertNull(Calculator.complete("She sold <<48/2=24"));
        assertEquals("17>>", Calculator.complete("<<3*4=12>>12 then <<5+12="));
    }
}
