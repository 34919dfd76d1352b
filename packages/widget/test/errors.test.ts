import { expect, oneEvent } from '@open-wc/testing';
import { KotaeBundleError, KotaeConfigError, KotaeError, KotaeInternalError, KotaeServiceError } from '@kotae/knowledge';
import { AnswerError } from '../dist/internal/answer-client.js';
import { BundleFetchError, BundleUnavailableError, ScriptUrlRefusedError } from '../dist/internal/errors.js';
import { SearchWorkerError } from '../dist/internal/search-client.js';
import { kotaePolicy } from '../dist/internal/trusted-types.js';
import { renderHelp } from './helpers.js';

/** What a caller of each family sees: the base class, and the code, family and message it must read. */
const MEMBERS = [
  {
    error: new AnswerError('rate_limited', 'too many questions', 429, 7),
    base: KotaeServiceError,
    name: 'AnswerError',
    code: 'rate_limited',
    family: 'service',
    message: 'too many questions',
  },
  {
    error: new BundleFetchError(new URL('https://help.example/kb/manifest.json'), 404),
    base: KotaeBundleError,
    name: 'BundleFetchError',
    code: 'bundle-fetch-failed',
    family: 'bundle',
    message: '/kb/manifest.json: HTTP 404',
  },
  {
    error: new BundleUnavailableError(),
    base: KotaeBundleError,
    name: 'BundleUnavailableError',
    code: 'bundle-unavailable',
    family: 'bundle',
    message: 'the help bundle is not available',
  },
  {
    error: new SearchWorkerError('BundleIntegrityError', 'bundle file "x" is missing', 'bundle-integrity'),
    base: KotaeBundleError,
    name: 'BundleIntegrityError',
    code: 'bundle-integrity',
    family: 'bundle',
    message: 'bundle file "x" is missing',
  },
  {
    error: new SearchWorkerError('WorkerError', 'the search worker failed to start'),
    base: KotaeBundleError,
    name: 'WorkerError',
    code: 'search-worker-failed',
    family: 'bundle',
    message: 'the search worker failed to start',
  },
  {
    error: new ScriptUrlRefusedError('https://evil.example/x.js'),
    base: KotaeInternalError,
    name: 'ScriptUrlRefusedError',
    code: 'script-url-refused',
    family: 'internal',
    message: 'kotae: refusing script URL "https://evil.example/x.js"',
  },
];

describe('the widget errors', () => {
  it('are caught by their family and as a KotaeError', () => {
    for (const { error, base } of MEMBERS) {
      expect(error, error.name).to.be.instanceOf(base);
      expect(error, error.name).to.be.instanceOf(KotaeError);
    }
  });

  it('have a stable code, a family and a name as plain properties, and say what failed', () => {
    for (const { error, name, code, family, message } of MEMBERS) {
      expect([error.name, error.code, error.family, error.message]).to.deep.equal([name, code, family, message]);
    }
  });

  it('refuses a foreign script URL with a ScriptUrlRefusedError', () => {
    expect(() => kotaePolicy().createScriptURL('https://evil.example/x.js')).to.throw(ScriptUrlRefusedError, 'refusing script URL');
  });

  it('reports a bundle that is not there as a bundle-fetch-failed error of the bundle family', async () => {
    const help = await renderHelp({ src: '/nowhere/manifest.json' });
    const failed = oneEvent(help, 'kotae-error');
    await help.open();
    const { error } = await failed;
    expect(error).to.be.instanceOf(KotaeBundleError);
    expect([error.name, (error as KotaeError).code, (error as KotaeError).family, error.message]).to.deep.equal([
      'BundleFetchError',
      'bundle-fetch-failed',
      'bundle',
      '/nowhere/manifest.json: HTTP 404',
    ]);
  });

  it('reports a widget without src as a config error', async () => {
    const help = await renderHelp({ src: '' });
    const failed = oneEvent(help, 'kotae-error');
    await help.open();
    const { error } = await failed;
    expect(error).to.be.instanceOf(KotaeConfigError);
    expect([(error as KotaeError).code, error.message]).to.deep.equal([
      'config-invalid',
      '<kotae-help> needs a src: the URL of the bundle manifest',
    ]);
  });
});
