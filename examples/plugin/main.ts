// The app `cdk8s synth` runs for this example: the frontend seed (a Deployment on 5000 behind
// a ClusterIP and a NodePort Service). The validation plugin configured in cdk8s.yaml then
// checks the synthesized manifests in dist/.
import { build } from '../frontend';

if (require.main === module) build().synth();
