"""Reference values for DistributionsTest and InferenceTest, derived without scipy or mpmath.

Run with plain python3 (3.8+). Every value is computed from a definition independent of the
Java implementation:
  * erf/erfc: Taylor series of erf summed in decimal arithmetic at 120 significant digits;
  * incomplete beta with integer a, b: the exact binomial sum
      I_x(a, b) = sum_{j=a}^{a+b-1} C(a+b-1, j) x^j (1-x)^(a+b-1-j)  in rational arithmetic;
  * Student's t with integer df: the finite trigonometric series for A(t|df) = P(|T| < t)
    (odd and even df), in double precision;
  * Student's t with non-integer df: the hypergeometric power series
      I_x(a, b) = x^a / (a B(a, b)) * sum_n (1-b)_n / n! * a / (a + n) * x^n
    with math.lgamma, summed until the terms vanish (x < 1/2 by the symmetry I_x(a,b) =
    1 - I_{1-x}(b,a));
  * tests and intervals: their closed-form formulas with the values above.
"""
from decimal import Decimal, getcontext
from fractions import Fraction
from math import atan, comb, cos, exp, lgamma, log, pi, sin, sqrt

getcontext().prec = 120
D_PI = Decimal("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651")


def erf_decimal(x):
    x = Decimal(x)
    term = x
    total = x
    n = 0
    while True:
        n += 1
        term *= -x * x / n
        add = term / (2 * n + 1)
        total += add
        if abs(add) < Decimal(10) ** -110:
            break
    return 2 / D_PI.sqrt() * total


def erfc(x):
    return 1 - erf_decimal(x)


def phi(x):
    return (1 - erf_decimal(-Decimal(x) / Decimal(2).sqrt())) / 2


def ibeta_int(x, a, b):
    x = Fraction(x)
    n = a + b - 1
    return sum(comb(n, j) * x ** j * (1 - x) ** (n - j) for j in range(a, n + 1))


def t_cdf_int(t, df):
    theta = atan(t / sqrt(df))
    c, s = cos(theta), sin(theta)
    if df % 2 == 1:
        total = 0.0
        if df > 1:
            term = c
            total = term
            k = 3
            while k <= df - 2:
                term *= (k - 1) / k * c * c
                total += term
                k += 2
        a = 2 / pi * (theta + s * total)
    else:
        term = 1.0
        total = term
        k = 2
        while k <= df - 2:
            term *= (k - 1) / k * c * c
            total += term
            k += 2
        a = s * total
    return (1 + a) / 2


def ibeta_series(x, a, b):
    if x > 0.5:
        return 1 - ibeta_series(1 - x, b, a)
    lnb = lgamma(a) + lgamma(b) - lgamma(a + b)
    total = 0.0
    coef = 1.0  # (1-b)_n / n!
    n = 0
    while True:
        add = coef * a / (a + n) * x ** n
        total += add
        if n > 10 and abs(add) < 1e-18 * abs(total):
            break
        coef *= (1 - b + n) / (n + 1)
        n += 1
    return exp(a * log(x) - lnb) / a * total


def t_cdf(t, df):
    if t == 0:
        return 0.5
    x = df / (df + t * t)
    tail = 0.5 * ibeta_series(x, df / 2, 0.5)
    return 1 - tail if t >= 0 else tail


def show(label, value):
    print(f"{label:44s} {float(value)!r}")


def wilson(successes, n, z):
    p = successes / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


def newcombe(x1, n1, x2, n2, z):
    """Newcombe's method 10 interval for p2 - p1."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p2 - p1
    return d - sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)


def t_quantile(p, df):
    lo, hi = -1e3, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def welch(a, b):
    """Exact (rational) moments; t, df; p and the 95% interval from the series above."""
    def moments(x):
        n = len(x)
        m = Fraction(sum(x), n)
        return n, m, sum((Fraction(v) - m) ** 2 for v in x) / (n - 1)
    n1, m1, v1 = moments(a)
    n2, m2, v2 = moments(b)
    return t_test(m2 - m1, v1 / n1, n1 - 1, v2 / n2, n2 - 1)


def t_test(difference, v1, d1, v2, d2):
    """t, the Welch-Satterthwaite df of two variances of means with d1, d2 degrees of
    freedom, p and the 95% interval."""
    se2 = v1 + v2
    df = se2 ** 2 / (v1 ** 2 / d1 + v2 ** 2 / d2)
    se = sqrt(float(se2))
    t = float(difference) / se
    p = 2 * (1 - t_cdf(abs(t), float(df)))
    q = t_quantile(0.975, float(df))
    return t, df, p, float(difference) - q * se, float(difference) + q * se


def clustered_welch(a, b, f):
    """Welch's test with sessions as units: each group a list of sessions (lists of scores),
    the CR1 variance G/(G-1) sum((S_i - m n_i)^2) / N^2 of the mean of f(x), exact."""
    def sandwich(sessions):
        n = sum(len(s) for s in sessions)
        m = Fraction(sum(Fraction(f(x)) for s in sessions for x in s), n)
        r = sum((sum(Fraction(f(x)) for x in s) - m * len(s)) ** 2 for s in sessions)
        g = len(sessions)
        return m, Fraction(g, g - 1) * r / n ** 2, g
    m1, v1, g1 = sandwich(a)
    m2, v2, g2 = sandwich(b)
    return t_test(m2 - m1, v1, g1 - 1, v2, g2 - 1)


def clustered_proportion(a, b, f):
    """The Wald z-test of two shares of f(x) in {0, 1} with CR1 variances, in points."""
    def sandwich(sessions):
        n = sum(len(s) for s in sessions)
        m = Fraction(sum(f(x) for s in sessions for x in s), n)
        r = sum((sum(f(x) for x in s) - m * len(s)) ** 2 for s in sessions)
        g = len(sessions)
        return m, Fraction(g, g - 1) * r / n ** 2
    m1, v1 = sandwich(a)
    m2, v2 = sandwich(b)
    se = sqrt(float(v1 + v2))
    z = float(m2 - m1) / se
    p = erfc(Decimal(abs(z)) / Decimal(2).sqrt())
    return z, p, 100 * (float(m2 - m1) - 1.959963984540054 * se), 100 * (float(m2 - m1) + 1.959963984540054 * se)


def main():
    print("# erfc (decimal Taylor series of erf)")
    for x in ["0", "0.1", "0.5", "1", "1.5", "1.99", "2", "2.5", "3", "4", "5", "-1", "-2.5"]:
        show(f"erfc({x})", erfc(x))
    print("# upper tails, relative accuracy")
    for x in ["6", "8"]:
        show(f"erfc({x})", erfc(x))
    print("# normal cdf")
    for x in ["-3", "-1.959963984540054", "0", "1", "1.6448536269514722", "2.5758293035489004", "-6"]:
        show(f"Phi({x})", phi(x))
    print("# incomplete beta, integer parameters (exact)")
    for x, a, b in [("0.3", 2, 3), ("0.5", 5, 5), ("0.9", 3, 7), ("0.05", 1, 10), ("0.7", 10, 2), ("0.999", 4, 4)]:
        show(f"I_{x}({a},{b})", ibeta_int(Fraction(x), a, b))
    print("# Student t cdf, integer df (trigonometric series)")
    for t, df in [(1.0, 1), (-2.5, 1), (0.5, 2), (2.0, 3), (-1.2, 4), (2.228138851986, 10), (1.0, 10), (3.0, 30), (-0.4, 7)]:
        show(f"F({t}; {df})", t_cdf_int(t, df))
    print("# cross-check of the hypergeometric series on integer df")
    for t, df in [(2.0, 3), (1.0, 10), (3.0, 30)]:
        show(f"F({t}; {df}) series", t_cdf(t, df))
    print("# Student t cdf, non-integer df (hypergeometric series)")
    for t, df in [(1.5, 2.5), (-2.0, 7.3), (2.6, 13.75), (0.3, 0.8)]:
        show(f"F({t}; {df})", t_cdf(t, df))


    z95 = 1.959963984540054
    print("# Newcombe (1998), Table II examples, method 10")
    for x1, n1, x2, n2 in [(48, 80, 56, 70), (3, 10, 9, 10), (2, 7, 6, 7), (0, 29, 5, 56)]:
        print(f"{x2}/{n2} - {x1}/{n1}", [repr(v) for v in newcombe(x1, n1, x2, n2, z95)])
    print("# Wilson score intervals at 95%")
    for s, n in [(81, 263), (0, 10), (10, 10), (4, 6), (2, 6), (4, 8), (2, 2), (0, 2)]:
        print(f"wilson({s}, {n})", [repr(v) for v in wilson(s, n, z95)])
    print("# AnalyticsFixtures.cohorts: satisfaction A 6/10, B 9/10")
    pool = 15 / 20
    z = (0.9 - 0.6) / sqrt(pool * (1 - pool) * (1 / 10 + 1 / 10))
    show("z", z)
    show("p = erfc(|z|/sqrt 2)", erfc(Decimal(abs(z)) / Decimal(2).sqrt()))
    print("newcombe %", [repr(100 * v) for v in newcombe(6, 10, 9, 10, z95)])
    print("# AnalyticsFixtures.cohorts: stars_5 A [2,3,3,4], B [4,5,5,4,5], Welch")
    t, df, p, lo, hi = welch([2, 3, 3, 4], [4, 5, 5, 4, 5])
    show("t", t)
    print(f"{'df':44s} {df} = {float(df)!r}")
    show("p", p)
    show("95% lower", lo)
    show("95% upper", hi)
    print("# Session-clustered tests (FeedbackAnalyticsContract, sessions of scores)")
    nps_a = [[10, 9, 10], [3, 5], [8, 2, 9], [6]]
    nps_b = [[10, 10], [9, 7, 10], [2, 1], [10, 9, 9, 8]]
    csat_a = [[5, 4], [2, 1, 2], [4, 3, 5]]
    csat_b = [[5, 5, 4], [3, 4], [5, 5], [1]]
    stars_a = [[5, 5, 5, 5], [2, 2, 2, 2], [4, 4, 4], [3, 3]]
    stars_b = [[5, 5, 5, 5], [5, 5, 5, 5], [4, 4, 4, 4], [4, 4, 4]]
    for label, a, b, f in [
        ("nps mean", nps_a, nps_b, lambda x: x),
        ("nps difference", nps_a, nps_b, lambda x: 100 if x >= 9 else -100 if x <= 6 else 0),
        ("csat mean", csat_a, csat_b, lambda x: x),
        ("stars mean", stars_a, stars_b, lambda x: x),
    ]:
        t, df, p, lo, hi = clustered_welch(a, b, f)
        print(label, [repr(v) for v in (t, float(df), p, lo, hi)])
    z, p, lo, hi = clustered_proportion(csat_a, csat_b, lambda x: 1 if x >= 4 else 0)
    print("csat percent", [repr(float(v)) for v in (z, p, lo, hi)])
    print("# stars, every score independent (Welch)")
    t, df, p, lo, hi = welch(sum(stars_a, []), sum(stars_b, []))
    show("p", p)


if __name__ == "__main__":
    main()
