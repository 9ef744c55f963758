import { describe, expect, it } from 'vitest';
import { Channel } from '../../../relay/session/channel.ts';

function channel(): Channel {
  return new Channel(0, { holdMs: 1, maxCommandChars: 1024 }, () => undefined);
}

describe('Channel', () => {
  it('places the relay’s own answers between the JVM’s, in command order', () => {
    const c = channel();
    c.oweFromRelay('!xsrefused 1');
    c.oweFromJvm();
    c.oweFromRelay('!xsrefused 2');
    c.oweFromJvm();
    expect(c.due()).toEqual(['!xsrefused 1']);
    expect(c.receive(['!yi1'])).toEqual(['!yi1', '!xsrefused 2']);
    expect(c.receive(['!yi2'])).toEqual(['!yi2']);
    expect(c.due()).toEqual([]);
  });

  it('fails exactly the next answers of a lost connection, keeping later ones owed', () => {
    const c = channel();
    c.oweFromJvm();
    c.oweFromRelay('!xsrefused');
    c.oweFromJvm();
    c.oweFromJvm();
    expect(c.failNext(2, '!xslost')).toEqual({ due: ['!xslost', '!xsrefused', '!xslost'], undeleted: [] });
    expect(c.receive(['!yi3'])).toEqual(['!yi3']);
  });

  it('names the ids of deletes a lost connection never carried out', () => {
    const c = channel();
    c.oweFromJvm('o7');
    c.oweFromJvm();
    c.oweFromJvm('o9');
    expect(c.receive(['!yv'])).toEqual(['!yv']);
    expect(c.failNext(2, '!xslost').undeleted).toEqual(['o9']);
  });

  it('forgets what it owed when the client gives up on it', () => {
    const c = channel();
    c.oweFromRelay('!xsrefused');
    c.forget();
    expect(c.due()).toEqual([]);
  });
});
