// Runs a CloudFront Function's code as CloudFront calls it on a viewer request, for SpaRoutesFunctionTest.
// The code runs in a fresh context of its own (CloudFront Functions have no require, process or network);
// CloudFront calls its top-level handler(event) with the documented event structure (version 1.0).
// stdin: {"code": "...", "requests": [{"method": "GET", "uri": "/dashboard"}, ...]}
// stdout: one answer per request: {"kind": "request", "uri": ...} or {"kind": "response", "statusCode": ...}
'use strict';
const fs = require('fs');
const vm = require('vm');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const context = vm.createContext({});
vm.runInContext(input.code, context, { filename: 'cloudfront-function.js' });
const handler = vm.runInContext('typeof handler === "function" ? handler : undefined', context);
if (handler === undefined) {
  process.stderr.write('The code defines no top-level function handler(event)\n');
  process.exit(3);
}

function event(method, uri) {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'spa-routes-test',
    },
    viewer: { ip: '198.51.100.7' },
    request: {
      method: method,
      uri: uri,
      querystring: {},
      headers: { host: { value: 'app.moduo.dev' }, accept: { value: 'text/html' } },
      cookies: {},
    },
  };
}

(async () => {
  const answers = [];
  for (const request of input.requests) {
    const result = await handler(event(request.method, request.uri));
    if (result && typeof result.statusCode === 'number') {
      answers.push({ kind: 'response', statusCode: result.statusCode });
    } else if (result && typeof result.uri === 'string') {
      answers.push({ kind: 'request', uri: result.uri, method: result.method });
    } else {
      answers.push({ kind: 'invalid', value: String(result) });
    }
  }
  process.stdout.write(JSON.stringify(answers));
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(4);
});
