/* Never ends: the debugger reads `counter` while the program runs. */
volatile unsigned counter;

int main(void)
{
  for (;;)
    counter++;
  return 0;
}
