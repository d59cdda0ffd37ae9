// Loads every entry point with require() and prints what each exports.
const entries = ['flowhook', 'flowhook/mock-okta', 'flowhook/engine'];
const exported = {};
for (const entry of entries) exported[entry] = Object.keys(require(entry)).sort();
console.log(JSON.stringify(exported));
