/* rpncalc TOKEN...: evaluates reverse Polish notation (+ - x / ^ sqrt), e.g. 2 3 + 4 x. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	double stack[64];
	int top = 0;

	for (int i = 1; i < argc; i++) {
		const char *t = argv[i];
		if (strcmp(t, "sqrt") == 0) {
			if (top < 1)
				goto underflow;
			stack[top - 1] = sqrt(stack[top - 1]);
		} else if (strlen(t) == 1 && strchr("+-x/^", t[0]) != NULL) {
			if (top < 2)
				goto underflow;
			double b = stack[--top], a = stack[--top];
			switch (t[0]) {
			case '+': stack[top++] = a + b; break;
			case '-': stack[top++] = a - b; break;
			case 'x': stack[top++] = a * b; break;
			case '/': stack[top++] = a / b; break;
			default: stack[top++] = pow(a, b); break;
			}
		} else {
			char *end;
			if (top == 64) {
				fprintf(stderr, "rpncalc: stack full\n");
				return 1;
			}
			stack[top++] = strtod(t, &end);
			if (*end != '\0') {
				fprintf(stderr, "rpncalc: not a number or operator: %s\n", t);
				return 2;
			}
		}
	}
	if (top != 1) {
		fprintf(stderr, "rpncalc: %d values left\n", top);
		return 1;
	}
	printf("%g\n", stack[0]);
	return 0;
underflow:
	fprintf(stderr, "rpncalc: not enough operands\n");
	return 1;
}
