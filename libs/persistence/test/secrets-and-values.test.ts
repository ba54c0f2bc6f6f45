import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseName, redact, withDatabaseName } from '../src/admin';
import { hashSecret, newApiKeyCredentials, verifySecret } from '../src/secrets';
import { toBigInt, toSafeNumber } from '../src/values';

describe('API key secrets', () => {
  it('hash with sha256, lowercase hex', () => {
    // printf 'demo-alice-secret-change-me' | sha256sum
    assert.equal(
      hashSecret('demo-alice-secret-change-me'),
      '937f1fee76999a4f56bc0270ce805389eb2661f575898c53ffa4671701662ad2',
    );
  });

  it('verify only the secret that was hashed', () => {
    const hash = hashSecret('s3cret');
    assert.equal(verifySecret('s3cret', hash), true);
    assert.equal(verifySecret('s3cret ', hash), false);
    assert.equal(verifySecret('', hash), false);
    assert.equal(verifySecret('s3cret', hash.slice(0, 32)), false);
    assert.equal(verifySecret('s3cret', 'not hex'), false);
  });

  it('new credentials are unique and well-formed', () => {
    const first = newApiKeyCredentials();
    const second = newApiKeyCredentials();
    assert.match(first.keyId, /^ak_[0-9a-f]{24}$/);
    assert.match(first.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.keyId, second.keyId);
    assert.notEqual(first.secret, second.secret);
  });
});

describe('database URLs', () => {
  const url = 'postgresql://app:pw@db.local:5433/exchange?sslmode=disable';

  it('name their database and swap it', () => {
    assert.equal(databaseName(url), 'exchange');
    assert.equal(
      withDatabaseName(url, 'exchange_test_x'),
      'postgresql://app:pw@db.local:5433/exchange_test_x?sslmode=disable',
    );
    assert.throws(() => databaseName('postgresql://db.local:5432/'), /names no database/);
  });

  it('hide the password in messages', () => {
    assert.equal(redact(url), 'postgresql://app:***@db.local:5433/exchange?sslmode=disable');
    assert.equal(
      redact('postgresql://postgres@127.0.0.1:5432/exchange'),
      'postgresql://postgres@127.0.0.1:5432/exchange',
    );
  });
});

describe('BIGINT and NUMERIC values', () => {
  it('become numbers only while exact', () => {
    assert.equal(toSafeNumber('9007199254740991'), Number.MAX_SAFE_INTEGER);
    assert.equal(toSafeNumber(-42n), -42);
    assert.throws(() => toSafeNumber('9007199254740993'), RangeError);
  });

  it('become bigints from strings, bigints and decimals', () => {
    assert.equal(toBigInt('-123456789012345678901234567890'), -123456789012345678901234567890n);
    assert.equal(toBigInt(7n), 7n);
    assert.equal(toBigInt({ toFixed: () => '1000000000000' }), 1_000_000_000_000n);
  });
});
