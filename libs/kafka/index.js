// Runtime entry: the compiled library (npm run build writes dist/).
module.exports = require('../../dist/libs/kafka/src/index.js');
