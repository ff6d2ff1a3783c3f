/** `npm start`: builds the H5 app if there is no build yet, then runs the runtime with a demo community. */
import { execSync } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '..');
if (!existsSync(join(root, 'dist', 'h5', 'index.html'))) {
  console.log('[babyhouse] building the H5 app (first start only, ≈30 s)…');
  execSync('npx taro build --type h5', { cwd: root, stdio: 'inherit' });
}
process.argv.push('--demo');
require('./main');
