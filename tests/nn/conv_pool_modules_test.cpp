// Conv1d, ConvTranspose1d, ConvTranspose2d, MaxPool1d, AvgPool1d, AdaptiveAvgPool1d and
// AdaptiveMaxPool2d against libtorch 1.13: printing, parameters after manual_seed, values,
// gradients and messages. The reference table and the messages are the output of
// tests/reference/libtorch/nn_conv_pool.cpp, which runs the same cases in the same order.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nn/libtorch_cases.h"

namespace {

namespace nn = ember::nn;
namespace F = ember::nn::functional;
using ember::Tensor;
using namespace libtorch_cases;

// name -> libtorch's tensor ("case/what" for the module cases).
const ReferenceTable& reference() {
  static const ReferenceTable table = {
      {"conv1d/weight",
       {{4, 2, 3},
        {-0.00305648171, 0.219002187,  -0.33600679,   -0.300445855, -0.157238618,  0.109474786,
         -0.00808869675, 0.323695779,  -0.0362296067, 0.10802763,   -0.123377971,  -0.0802474841,
         -0.390019417,   -0.27037555,  -0.168289378,  0.0151229752, 0.161394924,   0.244958282,
         -0.276768297,   -0.177776963, 0.148282766,   0.339004487,  -0.0840175748, 0.30549702}}},
      {"conv1d/bias", {{4}, {-0.0658028349, 0.0431984253, 0.369659126, -0.378719866}}},
      {"conv1d/y",
       {{2, 4, 4},
        {-0.61703372,  -0.441692472, 0.563529313,  0.0838880911, -0.299288601, -0.348480046,
         0.228275523,  0.488663524,  0.378525555,  0.144159108,  -0.142287254, 0.318662167,
         -0.387854308, -0.721254051, -0.707317233, -0.137409583, 0.0264143851, -0.324624777,
         0.24819082,   0.144322783,  0.569914579,  -0.394424975, -0.156958804, 0.413599342,
         -0.356929243, 0.245961189,  0.40335083,   0.439631402,  -0.924737275, -0.784809411,
         -1.00192082,  -0.0875199884}}},
      {"conv1d/x.grad",
       {{2, 2, 7},
        {-0.265402675, 0.244520873,   -0.120287888, 0.277515888,   0.361521661,  -0.369020402,
         0.114819795,  0.227625832,   -0.21656689,  0.196310431,   -0.592003047, -0.0803101063,
         -0.221742034, -0.0105054863, 0.451165676,  0.018884927,   -0.125748098, 0.0860958993,
         0.0726096779, -0.445183128,  0.0621808171, -0.0543806553, -0.62019062,  0.205341578,
         -0.608472943, 0.12961781,    -0.18921566,  0.00458532944}}},
      {"conv1d/weight.grad",
       {{4, 2, 3},
        {0.443361133,  1.60163736,   -1.84949136,  0.660520434,  -1.04454458,  1.20056355,
         -0.924557686, 2.41249466,   -0.851438522, 1.21065342,   -1.63712537,  -0.0538740419,
         -0.319566429, -0.563055038, 0.22955513,   -0.348475277, 0.513325214,  -0.0616902858,
         -2.25231981,  -0.101748496, -0.579079747, 2.28947091,   -0.936070681, 1.51235533}}},
      {"conv1d/bias.grad", {{4}, {-0.317005545, 0.501300633, 1.43107378, -4.75282288}}},
      {"conv1d same groups/weight",
       {{4, 1, 4},
        {-0.31476897, -0.126582623, -0.194899976, 0.432000399, -0.324089825, -0.230166435,
         -0.349320233, -0.468280494, -0.291870236, 0.42979902, 0.223109186, 0.242336273,
         0.0262957811, -0.256341755, 0.0845923424, -0.46684736}}},
      {"conv1d same groups/bias", {{4}, {-0.361283123, -0.257764995, 0.315468967, 0.293160617}}},
      {"conv1d same groups/y",
       {{1, 4, 6},
        {-0.516505003, 0.606337249,   -0.591001153,   -0.734852195, -0.640215039, -0.345038414,
         0.0894232094, -0.378426492,  -0.858447075,   -0.119547829, -0.458428681, -0.166162625,
         0.502931714,  -0.0177582502, -0.00758224726, 0.570990801,  -0.289769948, -0.148812264,
         0.503666222,  -0.115271449,  0.729658484,    0.637019634,  0.271227479,  0.607013822}}},
      {"conv1d same groups/x.grad",
       {{1, 2, 6},
        {-0.0234136432, 0.544021547, 0.291460544, 1.32483411, 0.680678368, 0.105362684,
         0.0892008245, 0.198131368, -0.467174828, 0.283366472, -0.295870334, -0.420288086}}},
      {"conv1d same groups/weight.grad",
       {{4, 1, 4},
        {-1.57252455, 0.424460292, -1.00372434, 1.41956294, -0.510993004, -0.0111886859,
         -0.525199413, -0.642695606, -0.768873453, 1.19721484, 0.231536269, -1.22809339,
         -0.70062387, -0.574801683, 0.164226025, -1.56880891}}},
      {"conv1d same groups/bias.grad", {{4}, {-2.22127438, -1.89158952, 0.609999895, 2.63331413}}},
      {"conv1d circular/weight",
       {{3, 2, 3},
        {-0.181056097, -0.0147305736, 0.261099577, 0.405853152, 0.16202648, 0.055151429,
         0.273724914, -0.24037756, 0.07607463, -0.316517174, -0.282951236, -0.210894361,
         0.184721351, 0.164181307, -0.241826907, 0.123334713, 0.224116892, -0.0515280254}}},
      {"conv1d circular/y",
       {{1, 3, 7},
        {-0.882074118, 0.341720432, -0.0539583415, 0.593913496,  0.0167268105, -0.882074118,
         0.341720432,  0.449443042, 0.17087172,    -0.545945585, 0.246521696,  -0.293535292,
         0.449443042,  0.17087172,  0.657629669,   -0.407074392, 0.103718266,  -0.117150888,
         -0.210353673, 0.657629669, -0.407074392}}},
      {"conv1d circular/x.grad",
       {{1, 2, 5},
        {-1.05669439, 0.488690913, -0.290177166, 1.04634535, -0.121826291, -0.359369665,
         0.325115323, 0.180790842, -0.812856674, -0.102945104}}},
      {"conv1d circular/weight.grad",
       {{3, 2, 3},
        {-1.67828393, -1.59836555, 3.32045865, 2.91111135, -1.90637696, 1.42518365, 2.16150379,
         -0.965610564, -0.444994807, 0.0134023875, 0.165446654, -0.79909426, 1.35749054, 1.19399333,
         -2.30203485, -2.12081051, 1.91112804, -1.84120774}}},
      {"convt1d/weight",
       {{2, 3, 3},
        {0.0127271814, 0.0772349089, 0.206792206, 0.320064723, -0.256874532, -0.122156583,
         0.131003305, 0.276183128, 0.290069103, 0.294118941, 0.0663381815, -0.289860904,
         0.0306641664, -0.20853512, -0.310651392, 0.296164155, 0.253453255, -0.332509339}}},
      {"convt1d/bias", {{3}, {0.0623906851, -0.0561533384, -0.0548537187}}},
      {"convt1d/y",
       {{2, 3, 12}, {-0.0175684094, -0.26856482,  -0.151834935,  0.0512545034,  0.383182466,
                     0.350146025,   0.0901114121, -0.330866337,  0.078299664,   0.158934325,
                     0.320880949,   0.0623906851, 0.212806061,   0.018879544,   0.0808808953,
                     -0.028189268,  0.115756899,  -0.185521543,  -0.136251196,  -0.305726439,
                     0.343927592,   -0.377246499, -0.208849072,  -0.0561533384, -0.336719304,
                     -0.500567436,  -0.211475179, -0.106852099,  0.339562863,   0.175808772,
                     0.0605079718,  -0.532397628, 0.108900413,   0.290375203,   0.307732671,
                     -0.0548537187, 0.0183248669, -0.289331973,  -0.0751233995, 0.0871477723,
                     0.362415284,   0.426857561,  0.126004681,   -0.351633519,  0.120011441,
                     -0.0175684094, -0.26856482,  0.0623906851,  0.096453622,   -0.0893224478,
                     0.168563113,   -0.144541666, 0.00755492225, -0.0978393108, -0.25260359,
                     -0.413928419,  -0.448568195, 0.212806061,   0.018879544,   -0.0561533384,
                     -0.204310223,  -0.51117748,  -0.104683325,  0.0255570002,  0.328952789,
                     0.282600671,   0.192917064,  -0.543007672,  -0.144566819,  -0.336719304,
                     -0.500567436,  -0.0548537187}}},
      {"convt1d/x.grad",
       {{2, 2, 4},
        {-0.35206008, 0.141535118, -0.158726692, 0.495850682, 0.107539244, -0.382549673,
         0.566997647, 0.098181583, -0.276985258, 0.259640276, -0.0406215042, -0.513042212,
         0.210904032, -0.222305909, 0.727241397, 0.0862663984}}},
      {"convt1d/weight.grad",
       {{2, 3, 3},
        {-0.466187149, 0.238695279, 2.07858944, 1.27470315, -1.09125125, 0.100952208, -0.0259705782,
         1.29633594, 2.96570873, 1.06515872, 0.165980726, -1.51795113, -0.564904988, -0.203963041,
         -0.948953509, 0.703865945, 0.0985001028, -2.13617826}}},
      {"convt1d/bias.grad", {{3}, {0.927295685, -1.52438605, -2.02983594}}},
      {"convt2d groups/weight",
       {{2, 2, 3, 2},
        {-0.132143021,   0.111011803,  -0.1709833,   0.105825804,   0.14598535,    0.206654325,
         0.107938848,    -0.285711944, -0.187262654, 0.144139826,   0.0604200959,  -0.225190848,
         -0.166224763,   0.271570921,  0.194514468,  -0.125869617,  -0.0726551414, -0.274991393,
         -0.00518868677, -0.217389375, -0.222671494, -0.0159058869, 0.0433431417,  -0.118221208}}},
      {"convt2d groups/bias", {{4}, {0.171293348, -0.175670102, 0.261935174, 0.197829023}}},
      {"convt2d groups/y",
       {{1, 4, 6, 4}, {0.385022461,   -0.0464805663,  0.309697896,    0.118380442,   -0.176367134,
                       0.0916970968,  0.328488052,    -0.0152926743,  -0.0424357802, 0.260829777,
                       0.325987279,   0.0919239968,   0.221632019,    0.57711941,    0.245610937,
                       -0.0947091877, 0.000310048461, 0.27711916,     0.342276633,   0.0654675439,
                       0.317278683,   0.377947688,    0.0253079981,   -0.0353609771, 0.0584082156,
                       -0.449476182,  -0.00996886194, -0.247740015,   -0.11627166,   -0.19412671,
                       -0.47085768,   0.15120928,     -0.409748435,   -0.0423109829, 0.000811845064,
                       -0.283774972,  0.00779385865,  -0.72776562,    -0.38522172,   0.278934956,
                       -0.362932742,  -0.0315302759,  0.0115925521,   -0.319809914,  -0.115250006,
                       -0.400860965,  -0.236090198,   0.0495207459,   0.407821029,   0.118904352,
                       0.0502595007,  0.419272184,    0.124331445,    0.292753279,   0.0779355466,
                       0.945138037,   0.359192401,    0.101743132,    0.568013072,   0.10459815,
                       0.184051409,   0.353328347,    -0.061291039,   0.189766854,   0.310563803,
                       0.0845819116,  0.550851822,    0.136065558,    0.243771389,   0.247678682,
                       0.395523578,   -0.0130562186,  0.0308254063,   0.241567478,   0.480144858,
                       0.217711389,   0.227742031,    -0.00777301192, 0.275414228,   0.073868826,
                       0.0864932761,  0.301211834,    -0.0725573748,  0.177946657,   0.218203425,
                       0.0665910095,  0.468971908,    -0.167336866,   0.142161146,   0.360856175,
                       -0.0129130632, 0.181923136,    0.208664805,    0.135766357,   0.329838067,
                       0.0796078146}}},
      {"convt2d groups/x.grad",
       {{1, 2, 3, 3},
        {-0.116583355, 0.299028218, -0.0919739306, 0.497865766, 0.313649684, -0.29600215,
         0.54397428, 0.0682761446, -0.293137759, -0.025093602, -0.120223194, -0.415737659,
         -0.0165938642, -0.266324669, 0.329255283, -0.0307076946, -0.470571965, 0.165409431}}},
      {"convt2d groups/weight.grad",
       {{2, 2, 3, 2},
        {-0.467879623, 0.88004148,   -1.23366165, 0.704002082,  0.631145775,  1.32441151,
         0.552287579,  -1.48048031,  -1.19066131, 1.12915587,   0.521262467,  -1.7339704,
         -0.267065942, 1.61289871,   1.61711276,  -0.805791974, 0.0320959687, -0.784602404,
         0.935604811,  -0.551675618, -1.08352482, 0.48014003,   0.770682573,  -0.711210012}}},
      {"convt2d groups/bias.grad", {{4}, {3.95145082, -4.24546576, 6.19179821, 4.04492903}}},
      {"convt2d dilation output_size/weight",
       {{3, 2, 3, 3},
        {-0.198763698,  -0.0586625971, 0.0106355045,   0.0343892165,  0.0559025109,  0.0924962312,
         0.0141186044,  -0.11500591,   0.11153172,     -0.226097137,  -0.139702305,  -0.0590033121,
         -0.114813723,  -0.0824565142, -0.193186685,   -0.0501374416, 0.0503828786,  -0.153551951,
         -0.0120960893, 0.168727666,   -0.0242302511,  0.00655068783, -0.0203337744, 0.0477017462,
         0.149868801,   0.223268077,   0.149684116,    0.223778918,   -0.0170463771, -0.211736411,
         -0.111741073,  0.1604909,     -0.00152793562, -0.117154948,  -0.180621415,  -0.22058244,
         -0.198934644,  -0.0478090793, 0.12926054,     0.12743032,    -0.227318779,  0.147026837,
         -0.184439242,  -0.0498298816, -0.0955708176,  -0.0453998558, -0.0462784208, -0.21150741,
         -0.203514263,  -0.0368825682, 0.00304814428,  -0.10707362,   0.0887888521,  -0.21214579}}},
      {"convt2d dilation output_size/y",
       {{1, 2, 6, 4}, {-0.75680995,  0, 0.36895892,     0, 0, 0, 0, 0,
                       0.173648089,  0, -0.285422832,   0, 0, 0, 0, 0,
                       0.138885766,  0, -0.656577229,   0, 0, 0, 0, 0,
                       0.192382842,  0, -0.00343593955, 0, 0, 0, 0, 0,
                       -0.765810728, 0, 0.232710034,    0, 0, 0, 0, 0,
                       0.0783070773, 0, -0.243968666,   0, 0, 0, 0, 0}}},
      {"convt2d dilation output_size/x.grad",
       {{1, 3, 3, 2},
        {-0.149500787, 0.0581921302, -0.02465133, 0.205771133, 0.0677403137, 0.102064125,
         0.146906614, -0.0245237388, -0.3071931, 0.153493226, -0.0212073978, -0.259242713,
         0.120439231, -0.134482503, 0.137752563, 0.335676283, -0.190712884, 0.163111597}}},
      {"convt2d dilation output_size/weight.grad",
       {{3, 2, 3, 3},
        {-1.07624853,   1.09708285,   -0.255835176, -0.265509188, 1.21404362,   -0.482631534,
         0.26043123,    -1.24993587,  0.685067177,  0.814836621,  -0.466471553, 0.0598954782,
         -0.919802308,  0.634149671,  -0.173052251, -0.285021514, 0.729503989,  -0.168903202,
         -0.784667611,  1.34689569,   -0.29760322,  -0.043371141, -0.358525157, 0.81852603,
         0.104164325,   -0.457670599, 0.371154398,  1.10155058,   -0.294394642, -0.0547415689,
         -0.672241926,  1.41811013,   -0.175153807, 0.058730308,  -1.02709436,  0.476678699,
         -0.0155543983, -1.26943159,  0.675265789,  0.560702801,  -1.17792153,  0.320133865,
         -0.052102603,  0.238998353,  -0.963432908, -0.717715025, 1.0466876,    -0.178827465,
         -0.209337011,  -1.1038754,   0.472146034,  0.402482122,  -0.462368667, -0.18860583}}},
      {"convt2d output_size 4",
       {{1, 2, 5, 3},
        {-0.75680995,
         0,
         0.36895892,
         0,
         0,
         0,
         0.173648089,
         0,
         -0.285422832,
         0,
         0,
         0,
         0.138885766,
         0,
         -0.656577229,
         0.192382842,
         0,
         -0.00343593955,
         0,
         0,
         0,
         -0.765810728,
         0,
         0.232710034,
         0,
         0,
         0,
         0.0783070773,
         0,
         -0.243968666}}},
      {"convt2d unbatched",
       {{2, 5, 3},
        {-0.75680995,
         0,
         0.36895892,
         0,
         0,
         0,
         0.173648089,
         0,
         -0.285422832,
         0,
         0,
         0,
         0.138885766,
         0,
         -0.656577229,
         0.192382842,
         0,
         -0.00343593955,
         0,
         0,
         0,
         -0.765810728,
         0,
         0.232710034,
         0,
         0,
         0,
         0.0783070773,
         0,
         -0.243968666}}},
      {"F convt2d", {{1, 3, 4, 6}, {0, 0, 0, 0, 0, 0, 0, -1.75,   0, 0.1875,  0, -0.625,
                                    0, 0, 0, 0, 0, 0, 0, 1.3125,  0, -0.9375, 0, -1.25,
                                    0, 0, 0, 0, 0, 0, 0, -0.4375, 0, -0.1875, 0, 0.3125,
                                    0, 0, 0, 0, 0, 0, 0, -0.5,    0, -0.5,    0, 1.25,
                                    0, 0, 0, 0, 0, 0, 0, 2.25,    0, 0.8125,  0, -0.125,
                                    0, 0, 0, 0, 0, 0, 0, -0.9375, 0, 1.3125,  0, 0.3125}}},
      {"sequential convt2d",
       {{1, 1, 4, 4},
        {0.706995428, 0.477488577, -0.132157803, 0.227118671, 0.430084586, 0.746652484,
         -0.216556937, -0.324875891, 0.313903809, -0.148247182, -0.525249422, -0.398617089,
         0.473365813, 0.574643135, -0.173275709, -0.49688524}}},
      {"maxpool1d y", {{2, 2, 3}, {1.25, 1.25, 1.25, -0.25, 0.5, 0.5, 1, 1, 1, -0.5, 0.25, 0.25}}},
      {"maxpool1d x.grad", {{2, 2, 7}, {0, 0, 0, 3.75, 0, 0, 0, 0, 0, 0, -0.25, 0, 1,   0,
                                        0, 0, 0, 3,    0, 0, 0, 0, 0, 0, -0.5,  0, 0.5, 0}}},
      {"maxpool1d idx y", {{2, 2}, {0.5, 1.25, 1, 0}}},
      {"maxpool1d idx i", {{2, 2}, {1, 3, 1, 2}}},
      {"avgpool1d y",
       {{2, 2, 4},
        {-0.375, 0.416666657, 0.25, 0.125, -0.5, -0.166666672, -0.333333343, 0, 0.75, 0.166666672,
         0, -0.125, -0.75, -0.416666657, 0.333333343, -0.25}}},
      {"avgpool1d x.grad",
       {{2, 2, 7},
        {-0.1875,
         -0.0486111194,
         0.138888881,
         0.222222209,
         0.0833333358,
         0.145833343,
         0.0625,
         -0.25,
         -0.305555552,
         -0.055555556,
         -0.166666672,
         -0.111111112,
         -0.111111112,
         0,
         0.375,
         0.430555552,
         0.055555556,
         0.055555556,
         0,
         -0.0625,
         -0.0625,
         -0.375,
         -0.513888896,
         -0.138888881,
         -0.0277777687,
         0.111111112,
         -0.0138888881,
         -0.125}}},
      {"avgpool1d default", {{1, 2}, {-0.375, 0.375}}},
      {"adaptiveavgpool1d y",
       {{2, 3}, {-0.416666657, 0.333333343, 0.166666672, -0.0833333358, -0.25, -0.416666657}}},
      {"adaptiveavgpool1d x.grad",
       {{2, 7},
        {-0.138888881, -0.138888881, -0.0277777687, 0.111111112, 0.166666672, 0.055555556,
         0.055555556, -0.027777778, -0.027777778, -0.111111112, -0.0833333358, -0.222222209,
         -0.138888881, -0.138888881}}},
      {"adaptivemaxpool2d y",
       {{1, 2, 3, 4}, {0.5,  1.25, 1.25, 1,    1.25, 1,    1.25, 0.75, 1,    0.75, 1.25, 0.5,
                       1.25, 1.25, 1.25, 1.25, 1,    1.25, 1.25, 1.25, 0.75, 1.25, 1,    1.25}}},
      {"adaptivemaxpool2d i", {{1, 2, 3, 4}, {1, 3, 3,  6,  14, 17, 25, 20, 28, 31, 25, 34,
                                              1, 1, 12, 12, 15, 23, 12, 12, 29, 23, 26, 34}}},
      {"adaptivemaxpool2d x.grad",
       {{1, 2, 5, 7}, {0, 0.5,  0, 2.5, 0, 0, 1,   0,    0, 0, 0, 0, 0,    0, 1.25, 0,   0, 1,   0,
                       0, 0.75, 0, 0,   0, 0, 2.5, 0,    0, 1, 0, 0, 0.75, 0, 0,    0.5, 0, 2.5, 0,
                       0, 0,    0, 0,   0, 0, 0,   0,    0, 5, 0, 0, 1,    0, 0,    0,   0, 0,   0,
                       0, 2.5,  0, 0,   1, 0, 0,   0.75, 0, 0, 0, 0, 1.25}}},
      {"adaptivemaxpool2d none",
       {{2, 2, 3}, {1.25, 0.5, -0.5, 1.25, 0.25, -0.75, 0.75, -0.25, 1.25, 0.5, -0.5, 1.25}}},
  };
  return table;
}

// Forward, backward of (y * y).sum() / 2, and every parameter, output and gradient against the
// reference's "name/...".
void check_module(const std::string& name, nn::Module& m, Tensor x,
                  const std::function<Tensor(const Tensor&)>& forward) {
  x.requires_grad_(true);
  Tensor y = forward(x);
  (y * y).sum().div(2).backward();
  for (const auto& p : m.named_parameters())
    expect_reference(reference(), p.value(), name + "/" + p.key());
  expect_reference(reference(), y, name + "/y");
  expect_reference(reference(), x.grad(), name + "/x.grad");
  for (const auto& p : m.named_parameters()) {
    expect_reference(reference(), p.value().grad(), name + "/" + p.key() + ".grad");
  }
}

TEST(ConvPoolModules, PrintLikeLibtorch) {
  EXPECT_EQ(printed(*nn::Conv1d(2, 4, 3)), "ember::nn::Conv1d(2, 4, kernel_size=3, stride=1)");
  EXPECT_EQ(printed(*nn::Conv1d(nn::Conv1dOptions(2, 4, 3)
                                    .stride(2)
                                    .padding(1)
                                    .dilation(2)
                                    .groups(2)
                                    .bias(false)
                                    .padding_mode(ember::kCircular))),
            "ember::nn::Conv1d(2, 4, kernel_size=3, stride=2, padding=1, dilation=2, groups=2, "
            "bias=false, padding_mode=kCircular)");
  EXPECT_EQ(printed(*nn::Conv1d(nn::Conv1dOptions(2, 4, 4).padding(ember::kSame))),
            "ember::nn::Conv1d(2, 4, kernel_size=4, stride=1, padding='same')");
  EXPECT_EQ(printed(*nn::ConvTranspose1d(2, 4, 3)),
            "ember::nn::ConvTranspose1d(2, 4, kernel_size=3, stride=1)");
  EXPECT_EQ(printed(*nn::ConvTranspose2d(2, 4, 3)),
            "ember::nn::ConvTranspose2d(2, 4, kernel_size=[3, 3], stride=[1, 1])");
  EXPECT_EQ(printed(*nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 4, {3, 2})
                                             .stride({2, 1})
                                             .padding({1, 0})
                                             .output_padding({1, 0})
                                             .groups(2)
                                             .bias(false)
                                             .dilation(2))),
            "ember::nn::ConvTranspose2d(2, 4, kernel_size=[3, 2], stride=[2, 1], padding=[1, 0], "
            "dilation=[2, 2], output_padding=[1, 0], groups=2, bias=false)");
  EXPECT_EQ(
      printed(
          *nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 4, 3).padding_mode(ember::kReflect))),
      "ember::nn::ConvTranspose2d(2, 4, kernel_size=[3, 3], stride=[1, 1], padding_mode=kReflect)");
  EXPECT_EQ(
      printed(*nn::MaxPool1d(3)),
      "ember::nn::MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=false)");
  EXPECT_EQ(printed(*nn::MaxPool1d(
                nn::MaxPool1dOptions(3).stride(2).padding(1).dilation(2).ceil_mode(true))),
            "ember::nn::MaxPool1d(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=true)");
  EXPECT_EQ(printed(*nn::AvgPool1d(3)), "ember::nn::AvgPool1d(kernel_size=3, stride=3, padding=0)");
  EXPECT_EQ(printed(*nn::AvgPool1d(nn::AvgPool1dOptions(3).stride(2).padding(1).ceil_mode(true))),
            "ember::nn::AvgPool1d(kernel_size=3, stride=2, padding=1)");
  EXPECT_EQ(printed(*nn::AdaptiveAvgPool1d(3)), "ember::nn::AdaptiveAvgPool1d(output_size=3)");
  EXPECT_EQ(printed(*nn::AdaptiveMaxPool2d(3)), "ember::nn::AdaptiveMaxPool2d(output_size=[3, 3])");
  EXPECT_EQ(printed(*nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({2, std::nullopt}))),
            "ember::nn::AdaptiveMaxPool2d(output_size=[2, None])");
}

TEST(ConvPoolModules, ConvolutionsMatchLibtorchFromTheSameSeed) {
  ember::manual_seed(0);
  nn::Conv1d conv1d(nn::Conv1dOptions(2, 4, 3).stride(2).padding(1));
  check_module("conv1d", *conv1d, input({2, 2, 7}), [&](const Tensor& x) { return conv1d(x); });
  nn::Conv1d same(nn::Conv1dOptions(2, 4, 4).padding(ember::kSame).groups(2));
  check_module("conv1d same groups", *same, input({1, 2, 6}),
               [&](const Tensor& x) { return same(x); });
  nn::Conv1d circular(
      nn::Conv1dOptions(2, 3, 3).padding(2).padding_mode(ember::kCircular).bias(false));
  check_module("conv1d circular", *circular, input({1, 2, 5}),
               [&](const Tensor& x) { return circular(x); });
  nn::ConvTranspose1d transposed1d(
      nn::ConvTranspose1dOptions(2, 3, 3).stride(3).padding(1).output_padding(2));
  check_module("convt1d", *transposed1d, input({2, 2, 4}),
               [&](const Tensor& x) { return transposed1d(x); });
  nn::ConvTranspose2d groups(nn::ConvTranspose2dOptions(2, 4, {3, 2})
                                 .stride({2, 1})
                                 .padding({1, 0})
                                 .output_padding({1, 0})
                                 .groups(2));
  check_module("convt2d groups", *groups, input({1, 2, 3, 3}),
               [&](const Tensor& x) { return groups(x); });
  nn::ConvTranspose2d dilated(
      nn::ConvTranspose2dOptions(3, 2, 3).stride(2).padding(2).dilation(2).bias(false));
  // libtorch 1.13 takes output_size {4, 2} as output_padding {1, 1} (its range ignores dilation).
  check_module("convt2d dilation output_size", *dilated, input({1, 3, 3, 2}), [&](const Tensor& x) {
    return dilated(x, std::vector<int64_t>{4, 2});
  });
  expect_reference(reference(), dilated(input({1, 3, 3, 2}), std::vector<int64_t>{1, 2, 3, 1}),
                   "convt2d output_size 4");
  expect_reference(reference(), dilated(input({3, 3, 2})), "convt2d unbatched");
}

TEST(ConvPoolModules, FunctionalConvTranspose2d) {
  expect_reference(
      reference(),
      F::conv_transpose2d(
          input({1, 2, 2, 3}), input({2, 3, 2, 2}),
          F::ConvTranspose2dFuncOptions().stride(2).padding(1).output_padding(1).dilation(2)),
      "F convt2d");
}

TEST(ConvPoolModules, ConvolutionErrorsAreLibtorchs) {
  nn::ConvTranspose2d dilated(
      nn::ConvTranspose2dOptions(3, 2, 3).stride(2).padding(2).dilation(2).bias(false));
  EXPECT_EQ(error_message([&] {
              dilated(input({1, 3, 3, 2}), std::vector<int64_t>{9, 4});
            }),
            "requested an output size of [9, 4], but valid sizes range from 3 1 to 4 2 (for an "
            "input of [3, 2])");
  EXPECT_EQ(error_message([&] {
              dilated(input({1, 3, 3, 2}), std::vector<int64_t>{9});
            }),
            "output_size must have 2 or 4 elements (got 1)");
  EXPECT_EQ(error_message([&] {
              dilated(input({1, 2, 3, 2}));
            }),
            "Given transposed=1, weight of size [3, 2, 3, 3], expected input[1, 2, 3, 2] to have 3 "
            "channels, but got 2 channels instead");
  EXPECT_EQ(error_message([&] {
              dilated(input({3, 2}));
            }),
            "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of "
            "size: [3, 2]");
  nn::ConvTranspose2d padded(nn::ConvTranspose2dOptions(1, 1, 2).padding(3));
  EXPECT_EQ(error_message([&] {
              padded(input({1, 1, 2, 2}));
            }),
            "Given input size per channel: (2 x 2). Calculated output size per channel: (-3 x -3). "
            "Output size is too small");
  nn::ConvTranspose2d reflect(nn::ConvTranspose2dOptions(2, 4, 3).padding_mode(ember::kReflect));
  EXPECT_EQ(error_message([&] {
              reflect(input({1, 2, 3, 3}));
            }),
            "Only `zeros` padding mode is supported for ConvTranspose2d");
  EXPECT_EQ(
      error_message([] { nn::ConvTranspose2d(nn::ConvTranspose2dOptions(3, 4, 3).groups(2)); }),
      "in_channels must be divisible by groups");
  EXPECT_EQ(error_message([] {
              F::conv_transpose2d(input({1, 2, 3, 3}), ember::ones({2, 1, 3, 3}),
                                  F::ConvTranspose2dFuncOptions().stride(2).output_padding(2));
            }),
            "output padding must be smaller than either stride or dilation, but got "
            "output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 "
            "dilation_height: 1 dilation_width: 1");
  EXPECT_EQ(error_message([] {
              F::conv_transpose1d(input({1, 2, 3}), ember::ones({2, 1, 3}),
                                  F::ConvTranspose1dFuncOptions().stride(2).output_padding(2));
            }),
            "output padding must be smaller than either stride or dilation, but got "
            "output_padding_height: 0 output_padding_width: 2 stride_height: 1 stride_width: 2 "
            "dilation_height: 1 dilation_width: 1");
  EXPECT_EQ(error_message([] {
              nn::Conv1d(2, 4, 3)(input({1, 2, 3, 3}));
            }),
            "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
            "[1, 2, 3, 3]");
}

TEST(ConvPoolModules, ConvTransposeInSequentialTakesTheDefaultOutputSize) {
  ember::manual_seed(3);
  nn::Sequential seq(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 1, 2).stride(2)));
  expect_reference(reference(), seq->forward(input({1, 2, 2, 2})), "sequential convt2d");
}

TEST(ConvPoolModules, AnyModuleFillsForwardsDefaultArguments) {
  nn::AnyModule any(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 1, 2).stride(2)));
  EXPECT_EQ(any.forward(input({1, 2, 2, 2})).sizes(), ember::IntArrayRef({1, 1, 4, 4}));
  const std::vector<int64_t> size = {5, 5};
  EXPECT_EQ(any.forward(input({1, 2, 2, 2}), std::optional<ember::IntArrayRef>(size)).sizes(),
            ember::IntArrayRef({1, 1, 5, 5}));
  EXPECT_EQ(error_message([&] { any.forward(); }),
            "ember::nn::ConvTranspose2dImpl's forward() method expects at least 1 argument(s) and "
            "at most 2 argument(s), but received 0.");
}

TEST(ConvPoolModules, Pooling1d) {
  Tensor x = input({2, 2, 7}).requires_grad_(true);
  Tensor y =
      F::max_pool1d(x, F::MaxPool1dFuncOptions(3).stride(2).padding(1).dilation(2).ceil_mode(true));
  (y * y).sum().div(2).backward();
  expect_reference(reference(), y, "maxpool1d y");
  expect_reference(reference(), x.grad(), "maxpool1d x.grad");
  auto [values, indices] =
      nn::MaxPool1d(nn::MaxPool1dOptions(2))->forward_with_indices(input({2, 5}));
  expect_reference(reference(), values, "maxpool1d idx y");
  EXPECT_EQ(indices.dtype(), ember::kLong);
  expect_reference(reference(), indices, "maxpool1d idx i");

  x = input({2, 2, 7}).requires_grad_(true);
  y = nn::AvgPool1d(
      nn::AvgPool1dOptions(3).stride(2).padding(1).ceil_mode(true).count_include_pad(false))(x);
  (y * y).sum().div(2).backward();
  expect_reference(reference(), y, "avgpool1d y");
  expect_reference(reference(), x.grad(), "avgpool1d x.grad");
  expect_reference(reference(), nn::AvgPool1d(2)(input({1, 5})), "avgpool1d default");

  x = input({2, 7}).requires_grad_(true);
  y = nn::AdaptiveAvgPool1d(3)(x);
  (y * y).sum().div(2).backward();
  expect_reference(reference(), y, "adaptiveavgpool1d y");
  expect_reference(reference(), x.grad(), "adaptiveavgpool1d x.grad");

  const std::string max_dims =
      "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
      "input, but got:";
  EXPECT_EQ(error_message([] {
              nn::MaxPool1d(2)(input({1, 1, 2, 4}));
            }),
            max_dims + "[1, 1, 2, 4]");
  EXPECT_EQ(error_message([] { nn::MaxPool1d(2)(input({4})); }), max_dims + "[4]");
  EXPECT_EQ(error_message([] {
              nn::AvgPool1d(2)(input({1, 1, 2, 4}));
            }),
            "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' "
            "(while checking arguments for avg_pool1d)");
  EXPECT_EQ(error_message([] {
              nn::AdaptiveAvgPool1d(2)(input({1, 1, 2, 4}));
            }),
            "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' "
            "(while checking arguments for adaptive_avg_pool1d)");
}

TEST(ConvPoolModules, AdaptiveMaxPool2dRoutesTheGradientToEachMaximum) {
  Tensor x = input({1, 2, 5, 7}).requires_grad_(true);
  auto [y, indices] =
      nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({3, 4}))->forward_with_indices(x);
  (y * y).sum().div(2).backward();
  expect_reference(reference(), y, "adaptivemaxpool2d y");
  expect_reference(reference(), indices, "adaptivemaxpool2d i");
  expect_reference(reference(), x.grad(), "adaptivemaxpool2d x.grad");
  expect_reference(
      reference(),
      nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({2, std::nullopt}))(input({2, 3, 3})),
      "adaptivemaxpool2d none");
  EXPECT_EQ(error_message([] {
              nn::AdaptiveMaxPool2d(2)(input({3, 3}));
            }),
            "Input dimension should be at least 3");
}

}  // namespace
