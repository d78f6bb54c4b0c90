import { describe, expect, it } from 'vitest';
import { mergeDeltas, quadrantMoves, standingOf, stateFigures } from '../../lib/domain/team.js';

// The pure rules behind the quadrant counters: which counter a file counts in, how a change moves
// the counters per agent, and the figures they give.

const segment = (quadrant: 'develop' | 'pamper') => ({
  quadrant,
  ability: 'low' as const,
  willingness: 'low' as const,
  abilityBasis: 'premium' as const,
  willingnessBasis: 'signals' as const,
  reason: 'r',
  since: '2026-11-01T00:00:00.000Z',
});

describe('standingOf', () => {
  it('returns the agent and quadrant a file has, and nothing for what it lacks', () => {
    expect(standingOf({ agentId: 'A1', segment: segment('pamper') })).toEqual({ agentId: 'A1', quadrant: 'pamper' });
    expect(standingOf({ segment: segment('develop') })).toEqual({ quadrant: 'develop' });
    expect(standingOf(undefined)).toEqual({});
  });
});

describe('quadrantMoves', () => {
  it('returns a move between two quadrants of one agent when a file changes quadrant', () => {
    const moves = quadrantMoves([{ before: { agentId: 'A1', quadrant: 'develop' }, after: { agentId: 'A1', quadrant: 'pamper' } }]);

    expect(Object.fromEntries(moves)).toEqual({ A1: { 'quadrant#develop': -1, 'quadrant#pamper': 1 } });
  });

  it('returns a move from the agent the file named to the new agent when an approval hands it on', () => {
    const moves = quadrantMoves([{ before: { agentId: 'A0', quadrant: 'develop' }, after: { agentId: 'A1', quadrant: 'develop' } }]);

    expect(Object.fromEntries(moves)).toEqual({ A0: { 'quadrant#develop': -1 }, A1: { 'quadrant#develop': 1 } });
  });

  it('returns only the side that counts when the file had no agent or no segment before', () => {
    const firstApproval = quadrantMoves([{ before: { quadrant: 'develop' }, after: { agentId: 'A1', quadrant: 'develop' } }]);
    const firstSegment = quadrantMoves([{ before: { agentId: 'A1' }, after: { agentId: 'A1', quadrant: 'pamper' } }]);

    expect(Object.fromEntries(firstApproval)).toEqual({ A1: { 'quadrant#develop': 1 } });
    expect(Object.fromEntries(firstSegment)).toEqual({ A1: { 'quadrant#pamper': 1 } });
  });

  it('returns no move when nothing counted changes, and nets out opposite moves of one agent', () => {
    const same = quadrantMoves([{ before: { agentId: 'A1', quadrant: 'develop' }, after: { agentId: 'A1', quadrant: 'develop' } }]);
    const opposite = quadrantMoves([
      { before: { agentId: 'A1', quadrant: 'develop' }, after: { agentId: 'A1', quadrant: 'pamper' } },
      { before: { agentId: 'A1', quadrant: 'pamper' }, after: { agentId: 'A1', quadrant: 'develop' } },
    ]);

    expect(same.size).toBe(0);
    expect(opposite.size).toBe(0);
  });
});

describe('mergeDeltas', () => {
  it('returns one delta per agent, summed, without the counters that net to zero', () => {
    const merged = mergeDeltas([
      new Map([['A1', { 'awaiting#2026-11-23': 1, 'quadrant#develop': 1 }]]),
      new Map([
        ['A1', { 'quadrant#develop': -1, 'quadrant#pamper': 1 }],
        ['A2', { 'quadrant#pamper': -1 }],
      ]),
    ]);

    expect(Object.fromEntries(merged)).toEqual({ A1: { 'awaiting#2026-11-23': 1, 'quadrant#pamper': 1 }, A2: { 'quadrant#pamper': -1 } });
  });
});

describe('stateFigures', () => {
  it('returns the quadrant counts as stored, zeros for an agent without a state item', () => {
    const settings = { firstInvitationDays: 5, neverContactedDays: 10 };
    const state = { agentId: 'A1', unreachable: 0, maintenance: 0, awaiting: {}, quadrants: { develop: 2, maintain: 0, cultivate: 1, pamper: 3 } };

    expect(stateFigures(state, '2026-11-30', settings).quadrants).toEqual({ develop: 2, maintain: 0, cultivate: 1, pamper: 3 });
    expect(stateFigures(undefined, '2026-11-30', settings).quadrants).toEqual({ develop: 0, maintain: 0, cultivate: 0, pamper: 0 });
  });
});
