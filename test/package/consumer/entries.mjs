// Loads every entry point as an ES module and prints what each exports.
const entries = ['flowhook', 'flowhook/mock-okta', 'flowhook/engine'];
const exported = {};
for (const entry of entries) exported[entry] = Object.keys(await import(entry)).sort();
console.log(JSON.stringify(exported));
