import { configure } from '@testing-library/preact';

// The machine running the suite is shared; give findBy/waitFor room before calling a render missing.
configure({ asyncUtilTimeout: 5000 });
