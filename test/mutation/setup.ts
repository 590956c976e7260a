import fc from 'fast-check';

// Mutation testing runs the domain's tests once per mutant, thousands of times: property tests
// try 10 inputs each there (fast-check's default of 100 runs in `npm test`). A mutant a property
// catches is almost always caught within the first few inputs.
fc.configureGlobal({ numRuns: 10 });
