/* Inputs shared by the guest (main.c) and the host reference built with
 * glibc's libm (test/l4re/native/math_reference.c): X(expression). */
#define MATH_CASES(X) \
  X(fabs(-3.25)) X(fabs(0.0)) \
  X(sqrt(2.0)) X(sqrt(1e-300)) X(sqrt(12345.678)) X(sqrt(0.5)) \
  X(floor(2.5)) X(floor(-2.5)) X(floor(-0.0)) X(floor(1e300)) X(floor(-1e-300)) \
  X(ceil(2.5)) X(ceil(-2.5)) X(ceil(-0.25)) X(ceil(4503599627370495.5)) \
  X(trunc(-7.9)) X(round(2.5)) X(round(-2.5)) X(round(0.49999999999999994)) \
  X(fmod(10.5, 3.0)) X(fmod(-10.5, 3.0)) X(fmod(1e20, 3.3)) X(fmod(5.0, 0.1)) \
  X(fmod(1e-300, 3e-310)) X(fmod(7.0, 7.0)) \
  X(exp(1.0)) X(exp(0.5)) X(exp(-2.0)) X(exp(10.0)) X(exp(-0.001)) X(exp(100.0)) \
  X(exp(709.0)) X(exp(-700.0)) X(exp(1e-10)) X(exp(3.7)) \
  X(log(10.0)) X(log(2.0)) X(log(0.5)) X(log(1e-300)) X(log(1.0000001)) X(log(123456.789)) \
  X(log(0.9)) X(log(4.9e-324)) X(log10(1000.0)) X(log10(2.0)) X(log2(1024.0)) X(log2(10.0)) \
  X(pow(2.0, 10.0)) X(pow(2.0, 0.5)) X(pow(10.0, -3.0)) X(pow(1.5, 2.5)) X(pow(-2.0, 3.0)) \
  X(pow(-8.0, 2.0)) X(pow(3.0, 40.0)) X(pow(1.0001, 10000.0)) X(pow(0.5, 1074.0)) \
  X(pow(7.0, -0.5)) X(pow(9.0, 0.5)) X(pow(1e10, 30.0)) X(pow(2.0, -1.5)) X(pow(123.456, 3.21)) \
  X(sin(0.5)) X(sin(1.0)) X(sin(-2.0)) X(sin(3.0)) X(sin(1e-8)) X(sin(10.0)) \
  X(cos(0.5)) X(cos(1.0)) X(cos(-2.0)) X(cos(3.0)) X(cos(10.0)) \
  X(tan(0.5)) X(tan(1.0)) X(tan(-1.2)) X(tan(0.1)) \
  X(atan(1.0)) X(atan(0.5)) X(atan(-3.0)) X(atan(1e10)) \
  X(atan2(1.0, 1.0)) X(atan2(1.0, -1.0)) X(atan2(-2.0, -3.0)) X(atan2(0.5, 2.0)) X(atan2(3.0, 0.0)) \
  X(strtod("3.14159", 0)) X(strtod("0.1", 0)) X(strtod("-2.5e-3", 0)) X(strtod("1e308", 0)) \
  X(strtod("123456789012345678901234567890", 0)) X(strtod("2.2250738585072014e-308", 0)) \
  X(strtod("0x1.8p3", 0)) X(strtod("  +7.", 0)) X(strtod(".5e1", 0)) X(strtod("1.7976931348623157e308", 0)) \
  X(strtod("4.9406564584124654e-324", 0)) X(strtod("0.30000000000000004", 0)) \
  X(strtod("9007199254740993", 0)) X(strtod("1e23", 0)) X(strtod("8.589973e9", 0)) \
  X(atof("6.02214076e23")) X(atof("-0.0000123"))
