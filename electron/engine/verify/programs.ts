/** The small Go programs the verify step builds and runs, with the output each must print. */

export const HELLO = {
  dir: 'hello',
  source: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello, world")\n}\n',
  expected: 'hello, world',
};

/** Eight workers square 1..100 over channels; a WaitGroup closes the results. */
export const GOROUTINES = {
  dir: 'goroutines',
  source: `package main

import (
	"fmt"
	"sync"
)

func main() {
	const workers = 8
	jobs := make(chan int)
	results := make(chan int, 100)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				results <- n * n
			}
		}()
	}
	for i := 1; i <= 100; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum, count := 0, 0
	for r := range results {
		sum += r
		count++
	}
	fmt.Printf("workers=%d results=%d sum=%d\\n", workers, count, sum)
}
`,
  expected: 'workers=8 results=100 sum=338350',
};

export const CGO = {
  dir: 'cgo',
  source: `package main

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

import "fmt"

func main() {
	fmt.Println("cgo", C.add(40, 2))
}
`,
  expected: 'cgo 42',
};

/** go.mod of the scratch module: a `go` line this Go accepts (two parts before 1.21). */
export function scratchGoMod(version: string | null): string {
  const m = version ? /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) : null;
  let line = '1.16';
  if (m) {
    const minor = Number(m[2]);
    line = Number(m[1]) > 1 || minor >= 21 ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : `${m[1]}.${m[2]}`;
  }
  return `module goofflineverify\n\ngo ${line}\n`;
}
