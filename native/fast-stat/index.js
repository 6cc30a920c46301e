'use strict';
// The compiled addon; the caller falls back to node:fs when this throws (no compiler at install, Windows).
module.exports = require('./build/Release/fast_stat.node');
